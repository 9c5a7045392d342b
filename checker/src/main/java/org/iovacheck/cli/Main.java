package org.iovacheck.cli;

import java.io.PrintWriter;
import org.iovacheck.engine.EngineDisagreement;
import org.iovacheck.format.InputException;
import picocli.CommandLine;

/**
 * Entry point: parses the command line, runs one subcommand and maps every outcome to a documented exit code. Its own command
 * line is built with picocli's model API ({@link #spec}; see {@link Specs} for why).
 */
public final class Main implements Runnable {
    CommandLine.Model.CommandSpec spec;

    /** The top-level command (no subcommands yet), bound to a new Main. */
    static CommandLine.Model.CommandSpec spec() {
        Main m = new Main();
        CommandLine.Model.CommandSpec s = Specs.command(m, "iovacheck").versionProvider(new Version());
        m.spec = s;
        s.usageMessage().description("Checks guest memory layouts of VMs with assigned PCI devices against the host IOMMU's reserved "
                + "regions.", "")
                .footerHeading("%nExit codes:%n")
                .footer("  0  SAFE, FOUND, ACCEPT, PROVEN", "  1  UNSAFE, NO_LAYOUT, INFEASIBLE, REFUSE, COUNTEREXAMPLE", "  2  usage or input error",
                        "  3  UNKNOWN (budget exhausted)", "  70 internal error", "", "Docs: docs/README.md in the repository.");
        Specs.standardHelpOptions(s);
        return s;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (collect, check, place, hotadd, prove, presets, verify-proof, libvirt-hook, explain)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), true));
    }

    /** Runs iovacheck as the shell would and returns the exit code; output goes to the given writers. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false);
    }

    /**
     * As {@link #run(String[], PrintWriter, PrintWriter)}; with {@code watchdog} a watchdog thread ends the process when the run
     * overruns --timeout (exit 3) or thrashes with a full heap (exit 70). Any crash, an Error included, is exit 70, never 1.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, boolean watchdog) {
        RunGuard guard = RunGuard.start(out, err);
        if (watchdog) {
            guard.arm();
        }
        try {
            return execute(args, out, err, guard);
        } catch (Throwable t) {
            return guard.crash(t);
        }
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err, RunGuard guard) {
        CommandLine cl = Commands.commandLine(args); // subcommands: Commands.ALL
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(110);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("iovacheck: " + plainTypeNames(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof InputException ie) {
                err.println("iovacheck: " + ie.getMessage());
                return ExitCodes.INPUT;
            }
            if (ex instanceof EngineDisagreement d) {
                err.println("iovacheck: internal error: " + d.getMessage());
                return ExitCodes.INTERNAL;
            }
            return guard.crash(ex);
        });
        return cl.execute(args);
    }

    /** picocli names Java types ("'x' is not a long"); a user wants to hear what to type instead. */
    static String plainTypeNames(String message) {
        return message == null ? "" : message.replaceAll("is not an? (long|int|integer|short|byte)\\b", "is not a whole number")
                .replaceAll("is not an? (double|float)\\b", "is not a number");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"iovacheck " + org.iovacheck.report.Receipt.toolVersion()};
        }
    }
}
