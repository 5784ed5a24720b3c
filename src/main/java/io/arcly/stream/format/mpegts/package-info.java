/**
 * MPEG transport stream (ISO/IEC 13818-1) output for HLS segments and live readers: PAT and PMT
 * sections with their CRC, PES packetization of H.264 / H.265 access units (Annex B with access
 * unit delimiters and in-band parameter sets) and AAC frames (ADTS), PCR and random access
 * signalling in adaptation fields; and input for SRT and UDP ingest: {@link
 * io.arcly.stream.format.mpegts.TsDemuxer} reads the first program back into frames.
 *
 * <p>Plain Java with no dependency beyond the JDK, the kernel media model and the codec package.
 * The entry points are {@link io.arcly.stream.format.mpegts.TsMuxer} and {@link
 * io.arcly.stream.format.mpegts.TsDemuxer}; {@link io.arcly.stream.format.mpegts.Crc32Mpeg}
 * computes the section checksum.
 */
package io.arcly.stream.format.mpegts;
