package io.arcly.stream.hls;

import io.arcly.stream.fmp4.Fmp4Muxer;
import io.arcly.stream.kernel.media.Frame;
import io.arcly.stream.kernel.media.TrackKind;
import java.util.List;
import java.util.Map;

/** Fragmented MP4 (CMAF): one fragment per part; a new configuration makes a new init segment. */
final class Fmp4Format implements MediaFormat {
  private Frame video;
  private Frame audio;
  private Fmp4Muxer muxer;
  private long sequence = 1;

  Fmp4Format(Frame video, Frame audio) {
    this.video = video;
    this.audio = audio;
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

  @Override
  public boolean config(Frame config) {
    Frame current = config.kind() == TrackKind.VIDEO ? video : audio;
    if (current == null || current.payload().equals(config.payload())) {
      return false; // a track that was not packaged, or the same configuration again
    }
    if (config.kind() == TrackKind.VIDEO) {
      video = config;
    } else {
      audio = config;
    }
    muxer = new Fmp4Muxer(video, audio);
    return true;
  }
}
