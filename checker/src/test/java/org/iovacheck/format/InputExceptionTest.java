package org.iovacheck.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The shape of every input error (docs/formats.md: "FILE:LINE: what is wrong"; line 0 means the whole file). */
class InputExceptionTest {
    @Test
    void messageShapes() {
        InputException l = new InputException("h.yaml", 1, "bad");
        assertEquals("h.yaml:1: bad", l.getMessage());
        assertEquals("h.yaml", l.file());
        assertEquals(1, l.line());
        assertEquals("bad", l.problem());
        assertEquals("h.yaml: bad", new InputException("h.yaml", 0, "bad").getMessage());
        assertEquals("bad", new InputException(null, 3, "bad").getMessage());
        InputException o = InputException.option("--ram", "'0' is zero");
        assertEquals("--ram: '0' is zero", o.getMessage());
        assertNull(o.file());
        assertEquals(0, o.line());
        assertEquals("--ram: '0' is zero", o.problem());
    }
}
