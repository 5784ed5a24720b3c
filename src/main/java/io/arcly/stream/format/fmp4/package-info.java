/**
 * A fragmented MP4 (CMAF) muxer for HLS: an initialization segment and media fragments, ISO/IEC
 * 14496-12, 14496-15 and 23000-19, built from kernel media frames with the JDK only.
 */
package io.arcly.stream.format.fmp4;
