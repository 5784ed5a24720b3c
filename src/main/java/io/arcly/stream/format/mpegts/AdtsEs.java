package io.arcly.stream.format.mpegts;

import io.arcly.stream.codec.Aac;
import io.arcly.stream.codec.CodecException;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;

/**
 * AAC in ADTS (stream type 0x0F, ISO/IEC 13818-7 / 14496-3 1.A.2): a PES packet holds one or more
 * ADTS frames; each becomes a frame without its header, the first one at the PES timestamp and each
 * next one 1024 samples (per raw data block) later. The AudioSpecificConfig of the first header,
 * and of any header that differs, is handed out as a configuration frame.
 *
 * <p>An ADTS frame cut by the end of the PES packet, or bytes that are no ADTS header, end the
 * packet's frames with an error.
 */
final class AdtsEs implements EsReader {
  private Aac.AudioSpecificConfig config;
  private long next = PesHeader.NONE;

  @Override
  public CodecId codec() {
    return CodecId.AAC;
  }

  @Override
  public boolean retainsBuffer() {
    return true;
  }

  @Override
  public void read(byte[] b, int off, int len, long pts, long dts, Out out) {
    long start = pts != PesHeader.NONE ? pts : next;
    if (start == PesHeader.NONE) {
      out.error();
      return;
    }
    int p = off;
    int end = off + len;
    long samples = 0;
    while (end - p >= Aac.ADTS_HEADER_SIZE) {
      int frameLength;
      int headerLength;
      Aac.AudioSpecificConfig c;
      try {
        frameLength = Aac.adtsFrameLength(b, p);
        headerLength = Aac.adtsHeaderLength(b, p);
        c = Aac.fromAdts(b, p);
      } catch (CodecException e) {
        out.error();
        return;
      }
      if (frameLength < headerLength || frameLength > end - p) {
        out.error();
        return;
      }
      if (config != null && c.sampleRate() != config.sampleRate()) {
        start += EsReader.ticks(samples, config.sampleRate());
        samples = 0; // the timestamps below count samples of one rate
      }
      long ts = start + EsReader.ticks(samples, c.sampleRate());
      if (!c.equals(config)) {
        config = c;
        out.frame(ts, ts, Frame.CONFIG, Payload.wrap(c.toBytes()));
      }
      if (frameLength > headerLength) {
        out.frame(ts, ts, 0, Payload.wrap(b, p + headerLength, frameLength - headerLength));
      }
      samples += 1024L * ((b[p + 6] & 3) + 1); // number_of_raw_data_blocks_in_frame + 1
      p += frameLength;
    }
    if (p < end) {
      out.error();
    }
    if (config != null) {
      next = start + EsReader.ticks(samples, config.sampleRate());
    }
  }
}
