/**
 * The AMF0 and AMF3 codecs of RTMP commands and metadata, reading hostile input safely into an
 * immutable {@link io.arcly.stream.protocol.rtmp.amf.Amf} value model.
 */
package io.arcly.stream.protocol.rtmp.amf;
