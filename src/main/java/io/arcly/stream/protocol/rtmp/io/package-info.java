/**
 * RTMP sockets: the listener, one connection per client with its reader loop and single-writer
 * output, the write-stall watchdog, and the client connection a relay uses.
 */
package io.arcly.stream.protocol.rtmp.io;
