package org.iovacheck.bench;

import java.util.List;
import java.util.Map;

/**
 * Immutable; one instance's measurements: the agreed answer (interval's, which the sat engine and every decided peer matched),
 * the sat engine's own answer detail and counters, one cell per engine and one per peer (in the order of the peer list).
 */
record ComparisonRow(Instance instance, Answer answer, Answer satAnswer, Map<String, Long> satCounters, Cell interval, Cell sat,
                     List<Cell> peers) {
    ComparisonRow {
        peers = List.copyOf(peers);
        satCounters = satCounters == null ? Map.of() : Map.copyOf(satCounters);
    }
}
