/**
 * The media model shared by every protocol and muxer: frames with an immutable shared payload,
 * codec and track descriptions, the fine media clock and stream keys.
 *
 * <p>Plain Java: no container types, no I/O.
 */
package io.arcly.stream.media;
