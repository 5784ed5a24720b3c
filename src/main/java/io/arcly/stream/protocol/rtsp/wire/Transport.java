package io.arcly.stream.protocol.rtsp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One transport specification of a {@code Transport} header (RFC 2326 section 12.39), such as
 * {@code RTP/AVP/TCP;unicast;interleaved=0-1;mode=record} or {@code
 * RTP/AVP;unicast;client_port=5000-5001}. A client offers a comma-separated list of alternatives
 * ({@link #parseList}); a server answers with the one it chose, adding {@code server_port} or
 * keeping {@code interleaved}, and {@code ssrc}.
 *
 * <p>Parameter names are read in any case; {@code mode} with or without quotes and in any case
 * ({@code mode=record}, {@code mode="RECORD"}; the {@code receive} of older clients is {@link
 * Mode#RECORD}). Parameters this class does not know are kept as written, in {@link #extensions},
 * and written back after the others. Limits: {@value #MAX_ALTERNATIVES} alternatives, {@value
 * #MAX_PARAMETERS} parameters each.
 *
 * @param protocol the transport protocol, profile and lower transport, upper-cased: {@code
 *     RTP/AVP}, {@code RTP/AVP/UDP}, {@code RTP/AVP/TCP}, {@code RTP/SAVP}
 * @param delivery unicast or multicast, or null when not written
 * @param destination the {@code destination} address, an empty string when named without one, or
 *     null
 * @param source the {@code source} address, or null
 * @param interleaved the interleaved channels (TCP), or null
 * @param append whether {@code append} was given
 * @param ttl the multicast time-to-live 0 to 255, or null
 * @param layers the multicast layers, or null
 * @param port the multicast ports, or null
 * @param clientPort the client's RTP and RTCP ports (UDP), or null
 * @param serverPort the server's RTP and RTCP ports (UDP), or null
 * @param ssrc the synchronization source 0 to 2^32-1, written in hexadecimal, or null
 * @param mode play or record, or null (play) when not written
 * @param extensions other parameters as written, {@code name} or {@code name=value}
 */
public record Transport(
    String protocol,
    Delivery delivery,
    String destination,
    String source,
    PortRange interleaved,
    boolean append,
    Integer ttl,
    Integer layers,
    PortRange port,
    PortRange clientPort,
    PortRange serverPort,
    Long ssrc,
    Mode mode,
    List<String> extensions) {

  /** The most alternatives a header may list. */
  public static final int MAX_ALTERNATIVES = 16;

  /** The most parameters one alternative may have. */
  public static final int MAX_PARAMETERS = 32;

  private static final List<String> KNOWN =
      List.of(
          "unicast",
          "multicast",
          "destination",
          "source",
          "interleaved",
          "append",
          "ttl",
          "layers",
          "port",
          "client_port",
          "server_port",
          "ssrc",
          "mode");

  /** How packets are delivered. */
  public enum Delivery {
    /** To one receiver. */
    UNICAST,
    /** To a multicast group. */
    MULTICAST
  }

  /** What the session does with the stream (RFC 2326 section 12.39, {@code mode}). */
  public enum Mode {
    /** The server sends (PLAY). */
    PLAY,
    /** The client sends (RECORD, after ANNOUNCE). */
    RECORD
  }

  /** Checks the values and copies the extensions. */
  public Transport {
    Objects.requireNonNull(protocol, "protocol");
    checkProtocol(protocol);
    if (destination != null) {
      checkValue("destination", destination);
    }
    if (source != null) {
      checkValue("source", source);
    }
    if (interleaved != null && interleaved.last() > 255) {
      throw new IllegalArgumentException("interleaved channel above 255");
    }
    if (ttl != null && (ttl < 0 || ttl > 255)) {
      throw new IllegalArgumentException("ttl " + ttl + " outside 0 to 255");
    }
    if (layers != null && layers < 1) {
      throw new IllegalArgumentException("layers " + layers + " is not positive");
    }
    for (PortRange p : new PortRange[] {port, clientPort, serverPort}) {
      if (p != null && p.last() > 65535) {
        throw new IllegalArgumentException("port above 65535");
      }
    }
    if (ssrc != null && (ssrc < 0 || ssrc > 0xFFFFFFFFL)) {
      throw new IllegalArgumentException("ssrc outside 0 to 2^32-1");
    }
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      int eq = e.indexOf('=');
      String name = Tokens.trim(eq < 0 ? e : e.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (e.isEmpty() || KNOWN.contains(name) || !Tokens.balanced(e)) {
        throw new IllegalArgumentException(
            "transport extension " + Tokens.quote(e) + " is not valid");
      }
      if (Tokens.split(e, ';').size() != 1 || Tokens.split(e, ',').size() != 1) {
        throw new IllegalArgumentException(
            "transport extension " + Tokens.quote(e) + " holds a separator");
      }
      Headers.checkValue("transport", e);
    }
    if (extensions.size() > MAX_PARAMETERS) {
      throw new IllegalArgumentException("more than " + MAX_PARAMETERS + " transport parameters");
    }
  }

  /** {@code RTP/AVP/TCP;unicast;interleaved=a-b}: RTP over the RTSP connection. */
  public static Transport tcp(PortRange interleaved) {
    return new Transport(
        "RTP/AVP/TCP",
        Delivery.UNICAST,
        null,
        null,
        interleaved,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of());
  }

  /** {@code RTP/AVP;unicast;client_port=a-b}: RTP over UDP to the client's ports. */
  public static Transport udp(PortRange clientPort) {
    return new Transport(
        "RTP/AVP",
        Delivery.UNICAST,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        clientPort,
        null,
        null,
        null,
        List.of());
  }

  /**
   * {@code RTP/AVP;multicast;destination=A;port=p-q;ttl=n}: RTP to a multicast group, as a server
   * answers.
   */
  public static Transport multicast(String destination, PortRange port, int ttl) {
    return new Transport(
        "RTP/AVP",
        Delivery.MULTICAST,
        destination,
        null,
        null,
        false,
        ttl,
        null,
        port,
        null,
        null,
        null,
        null,
        List.of());
  }

  /** Whether RTP travels over TCP, interleaved with RTSP. */
  public boolean isTcp() {
    return protocol.endsWith("/TCP");
  }

  /** Whether RTP travels over UDP (the default lower transport). */
  public boolean isUdp() {
    return !isTcp();
  }

  /** Whether the protocol is plain RTP ({@code RTP/AVP}, with or without a lower transport). */
  public boolean isRtpAvp() {
    return protocol.equals("RTP/AVP") || protocol.startsWith("RTP/AVP/");
  }

  /**
   * Whether delivery is multicast (RFC 2326's default when nothing is written is ignored: unicast).
   */
  public boolean isMulticast() {
    return delivery == Delivery.MULTICAST;
  }

  /** The mode, play when none was written. */
  public Mode modeOrPlay() {
    return mode == null ? Mode.PLAY : mode;
  }

  /** This transport with {@code server_port}. */
  public Transport withServerPort(PortRange p) {
    return new Transport(
        protocol,
        delivery,
        destination,
        source,
        interleaved,
        append,
        ttl,
        layers,
        port,
        clientPort,
        p,
        ssrc,
        mode,
        extensions);
  }

  /** This transport with {@code interleaved} channels. */
  public Transport withInterleaved(PortRange channels) {
    return new Transport(
        protocol,
        delivery,
        destination,
        source,
        channels,
        append,
        ttl,
        layers,
        port,
        clientPort,
        serverPort,
        ssrc,
        mode,
        extensions);
  }

  /** This transport with an {@code ssrc}. */
  public Transport withSsrc(long newSsrc) {
    return new Transport(
        protocol,
        delivery,
        destination,
        source,
        interleaved,
        append,
        ttl,
        layers,
        port,
        clientPort,
        serverPort,
        newSsrc,
        mode,
        extensions);
  }

  /** This transport with a {@code mode}, or none. */
  public Transport withMode(Mode newMode) {
    return new Transport(
        protocol,
        delivery,
        destination,
        source,
        interleaved,
        append,
        ttl,
        layers,
        port,
        clientPort,
        serverPort,
        ssrc,
        newMode,
        extensions);
  }

  /** This transport with a {@code destination}, or none. */
  public Transport withDestination(String newDestination) {
    return new Transport(
        protocol,
        delivery,
        newDestination,
        source,
        interleaved,
        append,
        ttl,
        layers,
        port,
        clientPort,
        serverPort,
        ssrc,
        mode,
        extensions);
  }

  /**
   * Parses a {@code Transport} header value: one or more alternatives separated by commas.
   *
   * @throws RtspException (400) when it is malformed or over the limits
   */
  public static List<Transport> parseList(String value) {
    if (!Tokens.balanced(value)) {
      throw RtspException.badRequest("transport has an unbalanced quote");
    }
    List<Transport> out = new ArrayList<>();
    for (String spec : Tokens.split(value, ',')) {
      if (spec.isEmpty()) {
        continue;
      }
      if (out.size() == MAX_ALTERNATIVES) {
        throw RtspException.badRequest(
            "transport lists more than " + MAX_ALTERNATIVES + " alternatives");
      }
      out.add(parseOne(spec));
    }
    if (out.isEmpty()) {
      throw RtspException.badRequest("transport is empty");
    }
    return List.copyOf(out);
  }

  /**
   * Parses a {@code Transport} header value holding one specification, as a server answers.
   *
   * @throws RtspException (400) when it is malformed or lists several
   */
  public static Transport parse(String value) {
    List<Transport> list = parseList(value);
    if (list.size() != 1) {
      throw RtspException.badRequest("transport lists " + list.size() + " alternatives, not one");
    }
    return list.get(0);
  }

  /** A {@code Transport} header value listing {@code alternatives}. */
  public static String formatList(List<Transport> alternatives) {
    if (alternatives.isEmpty()) {
      throw new IllegalArgumentException("no transport to format");
    }
    StringBuilder b = new StringBuilder();
    for (Transport t : alternatives) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(t);
    }
    return b.toString();
  }

  private static Transport parseOne(String spec) {
    List<String> parts = Tokens.split(spec, ';');
    String protocol = parts.get(0).toUpperCase(Locale.ROOT);
    try {
      checkProtocol(protocol);
    } catch (IllegalArgumentException e) {
      throw RtspException.badRequest(e.getMessage());
    }
    Delivery delivery = null;
    String destination = null;
    String source = null;
    PortRange interleaved = null;
    boolean append = false;
    Integer ttl = null;
    Integer layers = null;
    PortRange port = null;
    PortRange clientPort = null;
    PortRange serverPort = null;
    Long ssrc = null;
    Mode mode = null;
    List<String> extensions = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    if (parts.size() - 1 > MAX_PARAMETERS) {
      throw RtspException.badRequest("transport has more than " + MAX_PARAMETERS + " parameters");
    }
    for (String part : parts.subList(1, parts.size())) {
      if (part.isEmpty()) {
        continue; // ";;" and a trailing ";"
      }
      int eq = part.indexOf('=');
      String name = Tokens.trim(eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT);
      String v = eq < 0 ? null : Tokens.trim(part.substring(eq + 1));
      if (!KNOWN.contains(name)) {
        extensions.add(part);
        continue;
      }
      if (seen.contains(name) || (name.endsWith("cast") && delivery != null)) {
        throw RtspException.badRequest("transport names " + name + " twice");
      }
      seen.add(name);
      switch (name) {
        case "unicast" -> delivery = Delivery.UNICAST;
        case "multicast" -> delivery = Delivery.MULTICAST;
        case "destination" -> destination = v == null ? "" : Tokens.unquote(v);
        case "source" -> source = Tokens.unquote(required(name, v));
        case "interleaved" -> interleaved = PortRange.parse(name, required(name, v), 255);
        case "append" -> append = true;
        case "ttl" -> ttl = (int) number(name, required(name, v), 255);
        case "layers" -> layers = (int) number(name, required(name, v), 255);
        case "port" -> port = PortRange.parse(name, required(name, v), 65535);
        case "client_port" -> clientPort = PortRange.parse(name, required(name, v), 65535);
        case "server_port" -> serverPort = PortRange.parse(name, required(name, v), 65535);
        case "ssrc" -> ssrc = hex(required(name, v));
        default -> mode = mode(required(name, v));
      }
    }
    if (layers != null && layers == 0) {
      throw RtspException.badRequest("transport layers is 0");
    }
    try {
      return new Transport(
          protocol,
          delivery,
          destination,
          source,
          interleaved,
          append,
          ttl,
          layers,
          port,
          clientPort,
          serverPort,
          ssrc,
          mode,
          extensions);
    } catch (IllegalArgumentException e) {
      throw RtspException.badRequest(e.getMessage());
    }
  }

  private static String required(String name, String v) {
    if (v == null || v.isEmpty()) {
      throw RtspException.badRequest("transport " + name + " without a value");
    }
    return v;
  }

  private static long number(String name, String v, long max) {
    long n = Tokens.number(v, max);
    if (n < 0) {
      throw RtspException.badRequest(
          "transport " + name + " " + Tokens.quote(v) + " is not a number from 0 to " + max);
    }
    return n;
  }

  private static long hex(String v) {
    if (v.isEmpty() || v.length() > 8) {
      throw RtspException.badRequest(
          "transport ssrc " + Tokens.quote(v) + " is not 1 to 8 hex digits");
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      int d = Character.digit(v.charAt(i), 16);
      if (d < 0 || v.charAt(i) > 'f') {
        throw RtspException.badRequest(
            "transport ssrc " + Tokens.quote(v) + " is not 1 to 8 hex digits");
      }
      n = n * 16 + d;
    }
    return n;
  }

  private static Mode mode(String v) {
    String m = Tokens.unquote(v).toLowerCase(Locale.ROOT);
    return switch (Tokens.trim(m)) {
      case "play" -> Mode.PLAY;
      case "record", "receive" -> Mode.RECORD;
      default ->
          throw RtspException.badRequest("transport mode " + Tokens.quote(v) + " is unknown");
    };
  }

  private static void checkProtocol(String protocol) {
    String[] p = Tokens.cut(protocol, '/');
    boolean ok = p.length == 2 || p.length == 3;
    for (String s : p) {
      ok &=
          !s.isEmpty()
              && s.length() <= 16
              && s.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }
    if (ok && p.length == 3) {
      ok = p[2].equals("UDP") || p[2].equals("TCP");
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "transport protocol " + Tokens.quote(protocol) + " is not protocol/profile[/UDP|TCP]");
    }
  }

  private static void checkValue(String name, String v) {
    if (v.indexOf(';') >= 0 || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("transport " + name + " holds a separator");
    }
    Headers.checkValue(name, v);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(protocol);
    if (delivery != null) {
      b.append(delivery == Delivery.UNICAST ? ";unicast" : ";multicast");
    }
    if (destination != null) {
      b.append(";destination");
      if (!destination.isEmpty()) {
        b.append('=').append(destination);
      }
    }
    if (source != null) {
      b.append(";source=").append(source);
    }
    if (interleaved != null) {
      b.append(";interleaved=").append(interleaved);
    }
    if (append) {
      b.append(";append");
    }
    if (ttl != null) {
      b.append(";ttl=").append(ttl);
    }
    if (layers != null) {
      b.append(";layers=").append(layers);
    }
    if (port != null) {
      b.append(";port=").append(port);
    }
    if (clientPort != null) {
      b.append(";client_port=").append(clientPort);
    }
    if (serverPort != null) {
      b.append(";server_port=").append(serverPort);
    }
    if (ssrc != null) {
      b.append(";ssrc=").append(String.format("%08X", ssrc));
    }
    if (mode != null) {
      b.append(";mode=").append(mode == Mode.PLAY ? "play" : "record");
    }
    for (String e : extensions) {
      b.append(';').append(e);
    }
    return b.toString();
  }
}
