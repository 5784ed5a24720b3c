package io.arcly.stream.protocol.hls;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Mirrors an {@link HlsStream} to a directory ({@code arcly.hls.directory}/app/stream): the
 * initialization segments, every complete segment, and a {@code stream.m3u8} without parts that a
 * plain web server can serve. Segments leaving the window are deleted. It runs on its own thread
 * and only ever takes the newest snapshot, so a slow disk never holds up packaging.
 */
final class DiskWriter implements Runnable {
  private static final System.Logger LOG = System.getLogger(DiskWriter.class.getName());

  private final HlsStream stream;
  private final Path dir;
  private final Set<String> written = new HashSet<>();
  private volatile Snapshot latest;
  private volatile Thread thread;
  private volatile boolean stopped;

  DiskWriter(HlsStream stream, Path root) {
    this.stream = stream;
    this.dir = root.resolve(stream.key().app()).resolve(stream.key().stream());
  }

  /** Offers a new snapshot; the writer picks up the newest one. */
  void offer(Snapshot s) {
    latest = s;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    Snapshot done = null;
    try {
      Files.createDirectories(dir);
      while (true) {
        Snapshot s = latest;
        if (s != null && s != done) {
          write(s);
          done = s;
        } else if (stopped) {
          return;
        } else {
          LockSupport.park(this);
        }
      }
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.WARNING, "hls files for " + stream.key() + " in " + dir + ": " + e);
    }
  }

  private void write(Snapshot s) throws IOException {
    Set<String> keep = new HashSet<>();
    for (var e : s.inits().entrySet()) {
      String name = Snapshot.initUri(e.getKey());
      keep.add(name);
      if (written.add(name)) {
        Files.write(dir.resolve(name), e.getValue());
      }
    }
    for (Snapshot.Seg seg : s.segments()) {
      String name = Snapshot.segmentUri(s.variant(), seg.msn());
      keep.add(name);
      if (written.add(name)) {
        Path tmp = dir.resolve(name + ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
          for (Snapshot.Chunk c : seg.chunks()) {
            out.write(c.data());
          }
        }
        move(tmp, dir.resolve(name));
      }
    }
    Variant plain = s.variant().fmp4() ? Variant.FMP4 : Variant.MPEGTS;
    Snapshot listed =
        new Snapshot(
            plain, s.targetDuration(), s.segments(), null, null, s.inits(), s.window(), s.ended());
    Path tmp = dir.resolve("stream.m3u8.tmp");
    Files.writeString(tmp, Playlists.media(listed.window(0), false));
    move(tmp, dir.resolve("stream.m3u8"));
    for (String old : Set.copyOf(written)) {
      if (!keep.contains(old)) {
        Files.deleteIfExists(dir.resolve(old));
        written.remove(old);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
