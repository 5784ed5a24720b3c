package io.arcly.stream.kernel;

/**
 * A snapshot of a stream's live quality-of-service figures. Rates are measured over the last
 * housekeeping interval (about one second).
 *
 * @param uptimeMillis time since the publisher started
 * @param framesIn frames received from the publisher
 * @param bytesIn payload bytes received
 * @param videoFrames video frames received (configuration records excluded)
 * @param audioFrames audio frames received (configuration records excluded)
 * @param keyframes video keyframes received
 * @param bitrateIn incoming bits per second
 * @param fps video frames per second
 * @param framesOut frames sent to all subscribers together
 * @param bytesOut bytes sent to all subscribers together, as reported by their protocols
 * @param bitrateOut outgoing bits per second, all subscribers together
 * @param subscribers current subscriber count
 * @param drops frames skipped by slow subscribers
 * @param discontinuities timestamp jumps of the publisher, rebased (see {@code Timeline})
 */
public record Qos(
    long uptimeMillis,
    long framesIn,
    long bytesIn,
    long videoFrames,
    long audioFrames,
    long keyframes,
    long bitrateIn,
    double fps,
    long framesOut,
    long bytesOut,
    long bitrateOut,
    int subscribers,
    long drops,
    long discontinuities) {}
