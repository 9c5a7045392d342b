package org.iovacheck.cert;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.iovacheck.format.InputException;

/** Writes and reads CNF formulas in the DIMACS text format ({@code p cnf V C}, clauses ended by 0, {@code c} comment lines). */
public final class DimacsCnf {
    private DimacsCnf() {
    }

    /** The formula as DIMACS text, each comment on a {@code c} line before the header, one clause per line. */
    public static String write(Cnf cnf, List<String> comments) {
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE / 2, 16 + cnf.literalCount() * 8));
        for (String c : comments) {
            for (String line : c.split("\n", -1)) {
                sb.append("c ").append(line).append('\n');
            }
        }
        sb.append("p cnf ").append(cnf.variables()).append(' ').append(cnf.size()).append('\n');
        for (int i = 0; i < cnf.size(); i++) {
            for (int j = 0; j < cnf.length(i); j++) {
                sb.append(cnf.literal(i, j)).append(' ');
            }
            sb.append("0\n");
        }
        return sb.toString();
    }

    public static Cnf read(Path file) throws InputException {
        byte[] bytes = org.iovacheck.format.TextFiles.readBytes(file, Integer.MAX_VALUE);
        if (!org.iovacheck.format.TextFiles.isText(bytes)) {
            throw new InputException(file.toString(), 0, "not a text file (a DIMACS CNF is text: 'p cnf VARIABLES CLAUSES' and clauses ended by 0)");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses DIMACS text; {@code file} names the source in error messages. A '%' token ends the formula (an old benchmark convention). */
    public static Cnf parse(String text, String file) throws InputException {
        TextScanner sc = new TextScanner(text, file);
        String t = sc.next();
        if (t == null) {
            throw new InputException(file, 0, "empty CNF file: expected a 'p cnf VARIABLES CLAUSES' header");
        }
        if (!t.equals("p")) {
            throw sc.error("expected the 'p cnf VARIABLES CLAUSES' header before any clause, found '" + t + "'");
        }
        int headerLine = sc.tokenLine();
        String[] header = sc.restOfLine().split("\\s+");
        if (header.length != 3 || !header[0].equals("cnf")) {
            throw new InputException(file, headerLine, "the header must read 'p cnf VARIABLES CLAUSES'");
        }
        int variables = count(header[1], "variable", file, headerLine);
        int clauses = count(header[2], "clause", file, headerLine);
        Cnf.Builder b = new Cnf.Builder().declareVariables(variables);
        IntBuffer cur = new IntBuffer();
        int clauseLine = 0;
        while ((t = sc.next()) != null) {
            if (t.equals("%")) {
                break;
            }
            if (cur.size() == 0) {
                clauseLine = sc.tokenLine();
            }
            int lit = sc.literal(t, variables);
            if (lit == 0) {
                if (b.size() == clauses) {
                    throw sc.error("more clauses than the " + clauses + " the header declares");
                }
                b.add(cur.toArray());
                cur.clear();
            } else {
                cur.add(lit);
            }
        }
        if (cur.size() != 0) {
            throw new InputException(file, clauseLine, "the last clause is not ended by 0");
        }
        if (b.size() != clauses) {
            throw new InputException(file, headerLine, "the header declares " + clauses + " clauses but the file holds " + b.size());
        }
        return b.build();
    }

    private static int count(String s, String what, String file, int line) throws InputException {
        try {
            int n = Integer.parseInt(s);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InputException(file, line, "the " + what + " count '" + s + "' is not a non-negative integer");
    }
}
