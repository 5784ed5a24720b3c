/**
 * Codec parsing shared by the protocols and muxers (RTMP, RTSP, HLS, MP4): bit reading with
 * Exp-Golomb codes, H.264 and H.265 parameter sets and decoder configuration records, the AV1
 * configuration record and sequence header, the AAC AudioSpecificConfig and ADTS header, LATM
 * (StreamMuxConfig, AudioMuxElement), the OpusHead and Opus packet durations, in-band parameter set
 * tracking, and conversions between Annex B and length-prefixed NAL unit framing.
 *
 * <p>Plain Java with no dependency beyond the JDK and the kernel media model. Parsers take a byte
 * region ({@code byte[] b, int off, int len}) or a {@link io.arcly.stream.media.Payload}; malformed
 * or truncated data always raises a {@link io.arcly.stream.codec.CodecException} with a stable
 * lowercase message, never an {@link IndexOutOfBoundsException} (a region outside its array is a
 * caller bug and does raise one).
 *
 * <p>Specifications: ITU-T H.264 (7.3.1 NAL units, 7.3.2.1.1 SPS, 9.1 Exp-Golomb, Annex B), ITU-T
 * H.265 (7.3.1.2 NAL unit header, 7.3.2.2.1 SPS, 7.3.3 profile_tier_level), ISO/IEC 14496-15
 * (5.3.3.1 AVCDecoderConfigurationRecord, 8.3.3.1 HEVCDecoderConfigurationRecord, Annex E codec
 * strings), the AV1 Bitstream and Decoding Process Specification (5.3 OBU header, 5.5 sequence
 * header), the AV1 Codec ISO Media File Format Binding (2.3 AV1CodecConfigurationRecord, codecs
 * parameter string), ISO/IEC 14496-3 (1.6.2.1 AudioSpecificConfig, 1.A.2.2 ADTS) and RFC 6381.
 */
package io.arcly.stream.codec;
