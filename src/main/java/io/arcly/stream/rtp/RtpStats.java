package io.arcly.stream.rtp;

/**
 * Reception figures of one RTP stream, as a receiver report needs them (RFC 3550 6.4.1, A.3, A.8).
 *
 * @param received packets accepted (duplicates and late packets not included)
 * @param lost sequence numbers given up on: never arrived before the buffer moved past them
 * @param reordered packets that arrived after one with a higher sequence number
 * @param duplicates packets whose sequence number was already held or released
 * @param late packets that arrived after their place was released or skipped
 * @param jitter interarrival jitter in timestamp units, RFC 3550 A.8
 * @param highestSequence the highest extended sequence number received (cycles in the high bits),
 *     -1 before the first packet
 */
public record RtpStats(
    long received,
    long lost,
    long reordered,
    long duplicates,
    long late,
    long jitter,
    long highestSequence) {}
