package io.arcly.stream.kernel;

/**
 * How one track arrives from a publisher over a lossy transport (RTP): what the protocol counted.
 *
 * @param track the track id
 * @param packets packets received
 * @param lost packets that never arrived
 * @param reordered packets that arrived after a later one
 * @param duplicates packets received twice
 * @param jitterMillis interarrival jitter (RFC 3550 A.8), in milliseconds
 * @param droppedUnits access units dropped because a part of them was missing or malformed
 * @param malformed packets that could not be read at all
 */
public record TrackReception(
    int track,
    long packets,
    long lost,
    long reordered,
    long duplicates,
    double jitterMillis,
    long droppedUnits,
    long malformed) {}
