package io.arcly.stream.protocol.srt.session;

/**
 * One SRT connection's counters, as the API and metrics show them.
 *
 * @param rttMicros round-trip time
 * @param packetsReceived data packets received (retransmissions included)
 * @param packetsSent data packets sent (retransmissions included)
 * @param bytesReceived payload bytes received
 * @param bytesSent payload bytes sent
 * @param lost packets found missing (gaps in the numbering), as a receiver
 * @param retransmitted packets sent again (sender) or received again (receiver)
 * @param dropped packets given up: too late to play (receiver) or too old to send (sender)
 * @param duplicates packets received twice, or too late, ignored
 * @param undecryptable packets that could not be decrypted (no key for their key flag)
 * @param bitrate payload bits per second over the last second, either direction
 */
public record Stats(
    long rttMicros,
    long packetsReceived,
    long packetsSent,
    long bytesReceived,
    long bytesSent,
    long lost,
    long retransmitted,
    long dropped,
    long duplicates,
    long undecryptable,
    long bitrate) {}
