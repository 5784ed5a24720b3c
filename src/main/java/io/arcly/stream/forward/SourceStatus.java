package io.arcly.stream.forward;

import java.time.Instant;

/**
 * What the API shows of a source; never its credentials.
 *
 * @param name the source's name
 * @param url its URL without credentials
 * @param credentials whether the URL carries credentials
 * @param key the local stream key
 * @param transport auto, udp or tcp
 * @param onDemand whether it runs only while watched
 * @param state idle, connecting, pulling, backoff or stopped
 * @param error why the last attempt failed, or null
 * @param since when the state began
 * @param attempts connection attempts since it last pulled
 */
public record SourceStatus(
    String name,
    String url,
    boolean credentials,
    String key,
    String transport,
    boolean onDemand,
    String state,
    String error,
    Instant since,
    int attempts) {}
