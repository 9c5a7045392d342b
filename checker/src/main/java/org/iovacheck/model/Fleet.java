package org.iovacheck.model;

import java.util.List;

/** Immutable; a finite set of concrete hosts (the machines a VM may run on or migrate to). */
public record Fleet(String name, List<Host> hosts, Source source) {
    public Fleet {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one host");
        }
    }
}
