/**
 * SRT (draft-sharabayko-srt) in live mode: the worker on one UDP port, callers admitted by stream
 * id and passphrase, MPEG-TS publishers demuxed onto the bus, readers fed the stream's shared TS.
 */
package io.arcly.stream.protocol.srt;
