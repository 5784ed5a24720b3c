package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.DataMessage;
import java.util.List;

/** The command and data messages this server answers with (RTMP specification 1.0 7.2). */
final class Replies {
  static final String SERVER_VERSION = "FMS/3,5,7,7009";

  private Replies() {}

  /** {@code _result} of connect. */
  static Command connectResult(double tx, double objectEncoding) {
    return Command.of(
        "_result",
        tx,
        Amf.obj("fmsVer", Amf.str(SERVER_VERSION), "capabilities", Amf.num(31), "mode", Amf.num(1)),
        Amf.obj(
            "level", Amf.str("status"),
            "code", Amf.str("NetConnection.Connect.Success"),
            "description", Amf.str("Connection succeeded."),
            "objectEncoding", Amf.num(objectEncoding)));
  }

  /** {@code _error} of connect. */
  static Command connectRejected(double tx, String description) {
    return Command.of(
        "_error",
        tx,
        Amf.NULL,
        Amf.obj(
            "level", Amf.str("error"),
            "code", Amf.str("NetConnection.Connect.Rejected"),
            "description", Amf.str(description)));
  }

  /** A plain {@code _result} with one value. */
  static Command result(double tx, Amf value) {
    return Command.of("_result", tx, Amf.NULL, value);
  }

  /** An {@code _error} for a call this server refuses. */
  static Command error(double tx, String code, String description) {
    return Command.of(
        "_error",
        tx,
        Amf.NULL,
        Amf.obj(
            "level", Amf.str("error"), "code", Amf.str(code), "description", Amf.str(description)));
  }

  /** {@code onBWDone}, which Flash-era clients wait for after connect. */
  static Command onBandwidthDone() {
    return Command.of("onBWDone", 0, Amf.NULL, Amf.num(8192));
  }

  /** {@code onFCPublish} / {@code onFCUnpublish}. */
  static Command onFc(String name, String code, String stream) {
    return Command.of(
        name, 0, Amf.NULL, Amf.obj("code", Amf.str(code), "description", Amf.str(stream)));
  }

  /** {@code onStatus} with level status. */
  static Command status(String code, String description, String details) {
    return onStatus("status", code, description, details);
  }

  /** {@code onStatus} with level error. */
  static Command statusError(String code, String description, String details) {
    return onStatus("error", code, description, details);
  }

  private static Command onStatus(String level, String code, String description, String details) {
    return Command.of(
        "onStatus",
        0,
        Amf.NULL,
        Amf.obj(
            "level", Amf.str(level),
            "code", Amf.str(code),
            "description", Amf.str(description),
            "details", Amf.str(details),
            "clientid", Amf.str("arcly")));
  }

  /** {@code |RtmpSampleAccess}: lets Flash players read the media they receive. */
  static DataMessage sampleAccess() {
    return new DataMessage("|RtmpSampleAccess", List.of(Amf.bool(true), Amf.bool(true)));
  }
}
