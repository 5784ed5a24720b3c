/**
 * MPEG transport stream (ISO/IEC 13818-1) output for HLS segments: PAT and PMT sections with their
 * CRC, PES packetization of H.264 / H.265 access units (Annex B with access unit delimiters and
 * in-band parameter sets) and AAC frames (ADTS), PCR and random access signalling in adaptation
 * fields.
 *
 * <p>Plain Java with no dependency beyond the JDK, the kernel media model and the codec package.
 * The entry point is {@link io.arcly.stream.format.mpegts.TsMuxer}; {@link
 * io.arcly.stream.format.mpegts.Crc32Mpeg} computes the section checksum.
 */
package io.arcly.stream.format.mpegts;
