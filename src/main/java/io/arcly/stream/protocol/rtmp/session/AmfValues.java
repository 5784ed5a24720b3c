package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.protocol.rtmp.amf.Amf;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain Java values (as kept in stream metadata) back to AMF. */
final class AmfValues {
  private AmfValues() {}

  /** An ECMA array of {@code values}. */
  static Amf ecma(Map<String, Object> values) {
    return new Amf.Ecma(properties(values));
  }

  static Amf of(Object v) {
    return switch (v) {
      case null -> Amf.NULL;
      case String s -> Amf.str(s);
      case Number n -> Amf.num(n.doubleValue());
      case Boolean b -> Amf.bool(b);
      case Instant i -> new Amf.Date(i.toEpochMilli(), 0);
      case Map<?, ?> m -> new Amf.Obj(properties(m));
      case List<?> l -> {
        List<Amf> out = new ArrayList<>(l.size());
        l.forEach(x -> out.add(of(x)));
        yield new Amf.Array(out);
      }
      case byte[] b -> new Amf.Bytes(b);
      default -> Amf.str(v.toString());
    };
  }

  private static Map<String, Amf> properties(Map<?, ?> m) {
    Map<String, Amf> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
    return out;
  }
}
