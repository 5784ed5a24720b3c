/**
 * RTCP, RFC 3550 6: compound packets of sender and receiver reports, source descriptions and
 * goodbyes, and the feedback messages of RFC 4585 (generic NACK, PLI) and RFC 5104 (FIR).
 */
package io.arcly.stream.rtp.rtcp;
