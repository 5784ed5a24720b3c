package io.arcly.stream.protocol.hls;

import io.arcly.stream.format.fmp4.Fmp4Muxer;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.TrackKind;
import java.util.List;
import java.util.Map;

/** Fragmented MP4 (CMAF): one fragment per part, behind the init segment of its configurations. */
final class Fmp4Format implements MediaFormat {
  private final Frame video;
  private final Fmp4Muxer muxer;
  private long sequence = 1;

  Fmp4Format(Frame video, Frame audio) {
    this.video = video;
    this.muxer = new Fmp4Muxer(video, audio);
  }

  @Override
  public byte[] init() {
    return muxer.init();
  }

  @Override
  public boolean parts() {
    return true;
  }

  @Override
  public byte[] part(List<Frame> frames, long nextDts) {
    TrackKind reference = video != null ? TrackKind.VIDEO : TrackKind.AUDIO;
    return muxer.fragment(sequence++, frames, Map.of(reference, nextDts));
  }

  @Override
  public byte[] segment(List<Frame> frames) {
    throw new UnsupportedOperationException("fragmented mp4 is packaged in parts");
  }
}
