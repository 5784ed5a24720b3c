/**
 * FLV tag bodies, the payload format of RTMP audio and video messages (and of FLV files), mapped to
 * and from the kernel's media model, including Enhanced RTMP's FourCC video and audio headers.
 *
 * @see <a href="https://veovera.org/docs/enhanced/enhanced-rtmp-v2">Enhanced RTMP v2</a>
 */
package io.arcly.stream.format.flv;
