package io.arcly.stream.protocol.hls;

import io.arcly.stream.format.mpegts.TsMuxer;
import io.arcly.stream.media.Frame;
import java.util.List;

/** MPEG-TS: whole segments with the parameter sets of its configuration in band, no init. */
final class TsFormat implements MediaFormat {
  private final TsMuxer muxer;

  TsFormat(Frame video, Frame audio) {
    this.muxer = new TsMuxer(video, audio);
  }

  @Override
  public byte[] init() {
    return null;
  }

  @Override
  public boolean parts() {
    return false;
  }

  @Override
  public byte[] part(List<Frame> frames, long nextDts) {
    throw new UnsupportedOperationException("mpeg-ts is packaged in whole segments");
  }

  @Override
  public byte[] segment(List<Frame> frames) {
    return muxer.segment(frames);
  }

  /** Keeps the muxer, so continuity counters go on and readers see no corrupt packet. */
  @Override
  public boolean reconfigure(Frame video, Frame audio) {
    if (video != null) {
      muxer.updateConfig(video);
    }
    if (audio != null) {
      muxer.updateConfig(audio);
    }
    return true;
  }
}
