package io.arcly.stream.net;

import java.net.InetSocketAddress;

/**
 * One received datagram: who sent it and its bytes, owned by the receiver from now on (the socket
 * makes a fresh array per datagram, so payloads can be kept as slices without another copy).
 *
 * @param from the sender
 * @param data the datagram's bytes, exactly
 * @param receivedNanos when it arrived, {@link System#nanoTime}
 */
public record Datagram(InetSocketAddress from, byte[] data, long receivedNanos) {}
