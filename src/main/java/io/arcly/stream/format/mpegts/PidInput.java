package io.arcly.stream.format.mpegts;

/** What the demuxer keeps for one PID it reads: the continuity counter and the unit assembly. */
abstract class PidInput {
  /** The continuity_counter of the last packet with payload, -1 before the first. */
  int cc = -1;

  /** One transport packet's payload; {@code unitStart} is payload_unit_start_indicator. */
  abstract void payload(byte[] b, int off, int len, boolean unitStart);

  /** Packets were lost or damaged: the unit being assembled is incomplete. */
  abstract void damage();
}
