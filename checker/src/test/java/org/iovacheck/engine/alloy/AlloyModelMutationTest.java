package org.iovacheck.engine.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.mit.csail.sdg.parser.CompModule;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checks are not vacuous: a deliberate mistake in a definition makes the check that guards it find a counterexample,
 * while the unmutated model has none.
 */
class AlloyModelMutationTest {
    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            regions   | sameKey[a, b] and touches[a, b] }       | sameKey[a, b] and overlaps[a, b] }       | mergedSameKeyNeverTouch
            regions   | o.hi = po/max[c.hi]                     | o.hi = po/min[c.hi]                      | mergePreservesCoverage
            regions   | po/lte[a.lo, b.hi] and po/lte[b.lo, a.hi] | po/lt[a.lo, b.hi] and po/lte[b.lo, a.hi] | touchIsNoGap
            platform  | (type.Direct).group                     | none                                     | directRefusesItsGroup
            layout    | Ram + Hotplug + Rom +                   | Ram + Hotplug + Rom + Mmio +             | mmioNeverMapped
            safety    | else HostRegion - type.DirectRelaxable  | else HostRegion - type.DirectRelaxable - type.MsiSw | remappableWindowMustStayFree
            safety    | p = StrictPolicy implies HostRegion     | p = KernelPolicy implies HostRegion      | kernelIgnoresRelaxable
            hotadd    | regionsOf[n] - type.DirectRelaxable, m  | regionsOf[n] - type.DirectRelaxable - type.Reserved, m | joinKeepsSafety
            questions | lowest[{ p: excluded.lo                 | lowest[{ p: excluded.hi                  | bankStopsAtNextExclusion
            """)
    void aMistakeIsCaught(String subject, String from, String to, String check) {
        Path file = ModelFiles.DIR.resolve(subject).resolve(subject + ".als");
        CompModule original = ModelFiles.parse(file);
        assertEquals(0, ModelFiles.outcome(original, ModelFiles.command(original, check)), "the model itself passes " + check);
        CompModule mutated = ModelFiles.parse(file, file, from.strip(), to.strip());
        assertEquals(1, ModelFiles.outcome(mutated, ModelFiles.command(mutated, check)),
                check + " misses the mutation '" + from.strip() + "' -> '" + to.strip() + "'");
    }
}
