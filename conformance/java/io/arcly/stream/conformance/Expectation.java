package io.arcly.stream.conformance;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a trace should do when replayed, read from the JSON file beside it ({@code NAME.json});
 * every field is described in {@code conformance/README.md}.
 *
 * @param protocol {@code rtmp}, {@code rtsp} or {@code srt}
 * @param role {@code publish}, {@code play} or {@code pull}
 * @param serverPort the server's port in the capture
 * @param stream the stream key the client uses, {@code app/stream}
 * @param passphrase the SRT passphrase of an encrypted trace, or null
 * @param outcome {@code published}, {@code played}, {@code pulled} or {@code rejected}
 * @param tracks codec per track kind ({@code video}, {@code audio}) expected on the bus or in the
 *     answers
 * @param minVideoFrames fewest video frames
 * @param minAudioFrames fewest audio frames
 * @param minKeyframes fewest video keyframes
 * @param status for a rejected RTSP session, the status the server must answer (0: any)
 * @param maxVideoFrames most video frames (a dropped access unit shows as one fewer)
 * @param maxAudioFrames most audio frames
 * @param maxKeyframes most video keyframes
 * @param paced whether the client's bytes keep the capture's timing (default: players yes,
 *     publishers no, as fast as the server accepts)
 * @param trace the capture to replay, a file name in the expectation's folder, when it is not the
 *     {@code NAME.pcap} beside it (several expectations can share one capture); null otherwise
 * @param mutation an {@link RtspMutations} camera mutation applied to the captured server's answers
 *     while they are replayed (role {@code pull}), or null
 * @param rejectReason for a rejected SRT caller, the reason the server must refuse it with (a
 *     handshake rejection such as {@code rogue} or {@code badsecret}, or {@code dropped}: no answer
 *     and no state), or null for any refusal
 */
public record Expectation(
    String protocol,
    String role,
    int serverPort,
    String stream,
    String passphrase,
    String outcome,
    Map<String, String> tracks,
    int minVideoFrames,
    int minAudioFrames,
    int minKeyframes,
    int status,
    int maxVideoFrames,
    int maxAudioFrames,
    int maxKeyframes,
    boolean paced,
    String trace,
    String mutation,
    String rejectReason) {

  /** Reads an expectation file. */
  public static Expectation read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file);
        var json = Json.createReader(r)) {
      return of(json.readObject(), file.toString());
    }
  }

  static Expectation of(JsonObject o, String where) {
    JsonObject expect = o.getJsonObject("expect");
    if (expect == null) {
      throw new IllegalArgumentException(where + ": \"expect\" is missing");
    }
    Map<String, String> tracks = new LinkedHashMap<>();
    JsonObject t = expect.getJsonObject("tracks");
    if (t != null) {
      t.forEach((k, v) -> tracks.put(k, ((jakarta.json.JsonString) v).getString()));
    }
    Expectation e =
        new Expectation(
            required(o, "protocol", where).toLowerCase(Locale.ROOT),
            required(o, "role", where).toLowerCase(Locale.ROOT),
            o.getInt("serverPort"),
            o.containsKey("stream") && o.get("stream") != JsonValue.NULL
                ? o.getString("stream")
                : "",
            o.containsKey("passphrase") && o.get("passphrase") != JsonValue.NULL
                ? o.getString("passphrase")
                : null,
            required(expect, "outcome", where).toLowerCase(Locale.ROOT),
            tracks,
            expect.getInt("minVideoFrames", 0),
            expect.getInt("minAudioFrames", 0),
            expect.getInt("minKeyframes", 0),
            expect.getInt("status", 0),
            expect.getInt("maxVideoFrames", Integer.MAX_VALUE),
            expect.getInt("maxAudioFrames", Integer.MAX_VALUE),
            expect.getInt("maxKeyframes", Integer.MAX_VALUE),
            o.getBoolean("paced", "play".equalsIgnoreCase(o.getString("role", ""))),
            optional(o, "trace"),
            optional(o, "mutation"),
            optional(expect, "rejectReason"));
    if (!java.util.Set.of("publish", "play", "pull").contains(e.role)) {
      throw new IllegalArgumentException(
          where + ": role must be publish, play or pull, got " + e.role);
    }
    if (!java.util.Set.of("published", "played", "pulled", "rejected").contains(e.outcome)) {
      throw new IllegalArgumentException(
          where + ": outcome must be published, played, pulled or rejected, got " + e.outcome);
    }
    if (e.trace != null && (e.trace.contains("/") || e.trace.contains("\\"))) {
      throw new IllegalArgumentException(
          where + ": trace must name a file in the expectation's folder, got " + e.trace);
    }
    if (e.mutation != null && !e.role.equals("pull")) {
      throw new IllegalArgumentException(where + ": a mutation applies to role pull only");
    }
    if (e.rejectReason != null && !e.outcome.equals("rejected")) {
      throw new IllegalArgumentException(where + ": rejectReason applies to outcome rejected only");
    }
    return e;
  }

  private static String optional(JsonObject o, String name) {
    return o.containsKey(name) && o.get(name) != JsonValue.NULL ? o.getString(name) : null;
  }

  private static String required(JsonObject o, String name, String where) {
    if (!o.containsKey(name) || o.get(name) == JsonValue.NULL) {
      throw new IllegalArgumentException(where + ": \"" + name + "\" is missing");
    }
    return o.getString(name);
  }
}
