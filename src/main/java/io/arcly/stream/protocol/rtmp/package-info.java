/**
 * The RTMP protocol worker: publishers and players on {@code arcly.rtmp.port}, and relays that push
 * live streams to other RTMP servers.
 *
 * @see <a href="https://rtmp.veriskope.com/docs/spec/">RTMP specification 1.0</a>
 */
package io.arcly.stream.protocol.rtmp;
