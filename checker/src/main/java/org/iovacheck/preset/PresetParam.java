package org.iovacheck.preset;

/** Immutable; one parameter a preset takes through --ram or --set KEY=VALUE, with its default and meaning. */
public record PresetParam(String key, String defaultValue, String meaning) {
}
