/**
 * RTMP session state machines: the server side of a connection (connect, publish, play) and the
 * client side of a relay, over a narrow {@link io.arcly.stream.protocol.rtmp.session.Peer} the io
 * layer implements.
 */
package io.arcly.stream.protocol.rtmp.session;
