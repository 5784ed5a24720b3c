package io.arcly.stream.protocol.rtmp.wire;

import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.amf.Amf0;
import io.arcly.stream.protocol.rtmp.amf.AmfException;
import java.util.ArrayList;
import java.util.List;

/**
 * A command message (RTMP specification 1.0 section 7.2): a name, a transaction id, a command
 * object (often null) and further arguments. Carried as AMF0 (type 20), or as type 17 whose body is
 * a format byte followed by AMF0 values that may switch to AMF3.
 *
 * @param name the command name, such as {@code connect} or {@code publish}
 * @param transactionId the transaction id, 0 when no reply is expected
 * @param object the command object ({@link Amf#NULL} when absent)
 * @param args the remaining values
 */
public record Command(String name, double transactionId, Amf object, List<Amf> args) {
  /** Copies the argument list. */
  public Command {
    args = List.copyOf(args);
  }

  /** A command with the given arguments after a null command object. */
  public static Command of(String name, double transactionId, Amf object, Amf... args) {
    return new Command(name, transactionId, object, List.of(args));
  }

  /** The argument at {@code i} (after the command object), or {@link Amf#UNDEFINED}. */
  public Amf arg(int i) {
    return i < args.size() ? args.get(i) : Amf.UNDEFINED;
  }

  /**
   * Decodes a command message body.
   *
   * @throws RtmpException when the body is not AMF, or does not start with a name
   */
  public static Command decode(MessageType type, Payload body) {
    List<Amf> values = values(type, body, "command");
    if (values.isEmpty() || values.get(0).asString() == null) {
      throw new RtmpException("command message without a command name");
    }
    String name = values.get(0).asString();
    double tx = values.size() > 1 ? values.get(1).asNumber(0) : 0;
    Amf object = values.size() > 2 ? values.get(2) : Amf.NULL;
    List<Amf> args = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new Command(name, tx, object, args);
  }

  /** The AMF0 body of this command (message type 20). */
  public byte[] encode() {
    List<Amf> all = new ArrayList<>(args.size() + 3);
    all.add(Amf.str(name));
    all.add(Amf.num(transactionId));
    all.add(object);
    all.addAll(args);
    return Amf0.encode(all.toArray(Amf[]::new));
  }

  /**
   * The AMF values of a command or data message body: AMF0, after the format byte for the AMF3
   * variants (types 15 and 17).
   */
  static List<Amf> values(MessageType type, Payload body, String what) {
    byte[] b = body.toByteArray();
    int off = 0;
    if ((type == MessageType.COMMAND_AMF3 || type == MessageType.DATA_AMF3)
        && b.length > 0
        && b[0] == 0) {
      off = 1;
    }
    try {
      return Amf0.decodeAll(b, off, b.length - off);
    } catch (AmfException e) {
      throw new RtmpException("bad amf in " + what + " message: " + e.getMessage(), e);
    }
  }
}
