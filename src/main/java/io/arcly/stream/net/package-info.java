/**
 * Sockets every protocol shares: the TCP listener with its per-connection threads, connection limit
 * and stall watchdog; a connection's read loop and its hand-off between direct replies and a media
 * writer; and one UDP socket whose datagrams are dispatched by peer.
 */
package io.arcly.stream.net;
