package io.arcly.stream.protocol.rtsp.wire;

/**
 * What a server reads from a request URL: the stream's path, the track control at its end if any,
 * and the query. From {@code rtsp://host/live/cam/trackID=1?token=abc} and from ffmpeg's {@code
 * rtsp://host/live/cam?token=abc/trackID=1} alike: path {@code live/cam}, track {@code trackID=1},
 * query {@code token=abc}.
 *
 * <p>A track control is a last segment of the form {@code name=digits} ({@code trackID=0}, {@code
 * streamid=0}, {@code stream=0}) or {@code trackN}; a stream name cannot take that form under the
 * stream key rule, so nothing else is mistaken for one. A trailing {@code /} (on the path, or on
 * the query as ffmpeg writes its PLAY URL) is dropped.
 *
 * @param path the path without leading or trailing {@code /}, percent escapes as written (such as
 *     {@code live/cam})
 * @param track the track control, or null for the whole presentation (aggregate)
 * @param query the query without {@code ?}, or null
 */
public record StreamPath(String path, String track, String query) {}
