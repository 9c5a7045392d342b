package org.iovacheck.format;

import java.util.ArrayList;
import java.util.List;
import org.iovacheck.model.Host;

/** A fleet sink for tests: the hosts in the order handed over, the template of each copy, and "name" or "name=template" per host. */
final class RecordingSink implements FleetStream.Sink {
    final List<Host> hosts = new ArrayList<>();
    final List<Host> templates = new ArrayList<>();
    final List<String> seen = new ArrayList<>();

    @Override
    public void host(Host h, String origin) {
        hosts.add(h);
        seen.add(h.name());
    }

    @Override
    public void same(Host h, Host template, String origin) {
        hosts.add(h);
        templates.add(template);
        seen.add(h.name() + "=" + template.name());
    }

    /** The names of the hosts handed over, copies included. */
    List<String> names() {
        return hosts.stream().map(Host::name).toList();
    }
}
