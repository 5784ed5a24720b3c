package io.arcly.stream.protocol.rtsp.session;

import io.arcly.stream.kernel.StreamHandle;
import io.arcly.stream.kernel.Subscription;
import io.arcly.stream.kernel.Ticker;
import io.arcly.stream.kernel.play.PlayPump;
import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.net.UdpSocket;
import io.arcly.stream.protocol.rtsp.RtspSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * The server's multicast groups: each live stream that players set up over UDP multicast is sent
 * once, by one writer, to a group address per track (from {@code arcly.rtsp.multicast-range}, all
 * on {@code arcly.rtsp.multicast-rtp-port}, RTCP on the next port), however many players receive
 * it. The writer runs while at least one member plays; the addresses go back to the range when the
 * last member leaves. Clients cannot choose the destination (that would let anyone aim a stream at
 * a third party).
 */
public final class MulticastGroups implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MulticastGroups.class.getName());

  private final RtspSettings settings;
  private final ThreadFactory threads;
  private final Map<StreamHandle, Group> groups = new HashMap<>();
  private final BitSet used = new BitSet();
  private UdpSocket sender;
  private boolean closed;

  MulticastGroups(RtspSettings settings, ThreadFactory threads) {
    this.settings = settings;
    this.threads = threads;
  }

  /**
   * The group of {@code stream}, created with addresses for all its tracks when it has none, with
   * {@code member} in it.
   *
   * @throws IOException when the range has no free address left or the sending socket cannot open
   */
  synchronized Group join(Player member, StreamHandle stream, StreamRtp rtp) throws IOException {
    if (closed) {
      throw new IOException("the server is shutting down");
    }
    Group g = groups.get(stream);
    if (g == null) {
      List<StreamRtp.Track> ts = rtp.tracks();
      int[] slots = new int[ts.size()];
      for (int i = 0; i < slots.length; i++) {
        int n = used.nextClearBit(0);
        if (n >= settings.multicastRange().capacity()) {
          for (int j = 0; j < i; j++) {
            used.clear(slots[j]);
          }
          throw new IOException(
              "arcly.rtsp.multicast-range " + settings.multicastRange() + " has no free address");
        }
        used.set(n);
        slots[i] = n;
      }
      if (sender == null) {
        sender = UdpSocket.multicastSender("rtsp", settings.multicastTtl());
      }
      List<OutTrack> out = new ArrayList<>();
      for (int i = 0; i < slots.length; i++) {
        var addr = settings.multicastRange().address(slots[i]);
        out.add(
            new OutTrack(
                ts.get(i),
                "",
                -1,
                new InetSocketAddress(addr, settings.multicastRtpPort()),
                new InetSocketAddress(addr, settings.multicastRtpPort() + 1)));
      }
      g = new Group(stream, rtp, out, slots);
      groups.put(stream, g);
    }
    g.members.add(member);
    return g;
  }

  /** {@code member} plays: the group's writer starts if it is the first. */
  synchronized void play(Group g, Player member, Ticker ticker) {
    if (!g.members.contains(member) || !g.playing.add(member) || g.playing.size() > 1) {
      return;
    }
    Subscription sub =
        g.stream.subscribe(
            new ClientInfo("rtsp", "multicast " + g.tracks.get(0).rtpTo, RtspContext.SERVER));
    Thread previous = g.writer;
    Writer w = new Writer(g, sub, previous, ticker);
    g.current = w;
    g.writer = threads.newThread(w);
    g.writer.start();
  }

  /** {@code member} paused: the writer stops when nobody plays any more. */
  synchronized void pause(Group g, Player member) {
    if (g.playing.remove(member) && g.playing.isEmpty()) {
      stopWriter(g);
    }
  }

  /** {@code member} left: the addresses go back when it was the last. Idempotent. */
  synchronized void leave(Group g, Player member) {
    pause(g, member);
    if (g.members.remove(member) && g.members.isEmpty()) {
      groups.remove(g.stream, g);
      for (int s : g.slots) {
        used.clear(s);
      }
    }
  }

  private static void stopWriter(Group g) {
    Writer w = g.current;
    g.current = null;
    if (w != null) {
      w.stop();
    }
  }

  /** Stops every writer and closes the sending socket. */
  @Override
  public void close() {
    List<Thread> writers = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Group g : groups.values()) {
        stopWriter(g);
        if (g.writer != null) {
          writers.add(g.writer);
        }
      }
    }
    for (Thread t : writers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (sender != null) {
        sender.close();
      }
    }
  }

  /** How many streams have a group now. */
  public synchronized int size() {
    return groups.size();
  }

  /** One stream's group: a track per stream track, the members and who of them plays. */
  static final class Group {
    final StreamHandle stream;
    final StreamRtp rtp;
    final List<OutTrack> tracks;
    private final int[] slots;
    private final Set<Player> members = new HashSet<>();
    private final Set<Player> playing = new HashSet<>();
    private Thread writer;
    private Writer current;

    private Group(StreamHandle stream, StreamRtp rtp, List<OutTrack> tracks, int[] slots) {
      this.stream = stream;
      this.rtp = rtp;
      this.tracks = tracks;
      this.slots = slots;
    }

    /** The group's track for stream track {@code id}, or null. */
    OutTrack track(int id) {
      for (OutTrack t : tracks) {
        if (t.rtp.id == id) {
          return t;
        }
      }
      return null;
    }
  }

  /** Sends the stream to the group's addresses until stopped or the stream ends. */
  private final class Writer implements Runnable, RtpBatch.Sink {
    private final Group g;
    private final Subscription sub;
    private final Thread previous;
    private final Ticker ticker;
    private volatile boolean stopped;
    private boolean failureLogged;

    Writer(Group g, Subscription sub, Thread previous, Ticker ticker) {
      this.g = g;
      this.sub = sub;
      this.previous = previous;
      this.ticker = ticker;
    }

    void stop() {
      stopped = true;
      sub.wakeup();
    }

    @Override
    public void run() {
      try {
        if (previous != null) {
          previous.join(); // the tracks' sequence numbers are written by one writer at a time
        }
        RtpBatch batch = new RtpBatch(g.tracks, g.rtp, this, false);
        boolean ended = new PlayPump(64, 512 * 1024, ticker).run(sub, batch, () -> stopped);
        if (ended && !stopped) {
          batch.goodbye();
          List<Player> members;
          synchronized (MulticastGroups.this) {
            members = new ArrayList<>(g.members);
          }
          for (Player p : members) {
            p.ended();
          }
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "rtsp multicast of " + g.stream.key() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        sub.close();
      }
    }

    @Override
    public void write(ByteBuffer[] buffers, int count) {
      throw new IllegalStateException("a multicast group has no interleaved tracks");
    }

    @Override
    public void flush() {}

    @Override
    public void sendRtp(ByteBuffer datagram, InetSocketAddress to) {
      send(datagram, to);
    }

    @Override
    public void sendRtcp(ByteBuffer datagram, InetSocketAddress to) {
      send(datagram, to);
    }

    private void send(ByteBuffer d, InetSocketAddress to) {
      if (!sender.send(d, to) && !failureLogged) {
        failureLogged = true;
        LOG.log(
            System.Logger.Level.WARNING,
            "rtsp multicast of "
                + g.stream.key()
                + " to "
                + to
                + " cannot be sent: no route for multicast on this host?");
      }
    }
  }
}
