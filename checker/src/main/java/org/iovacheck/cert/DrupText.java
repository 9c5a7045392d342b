package org.iovacheck.cert;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.iovacheck.format.InputException;

/**
 * Writes and reads DRUP proofs in the text format drat-trim accepts: one step per line, a lemma as its literals ended by 0,
 * a deletion as {@code d} followed by the clause. Binary DRAT is not read.
 */
public final class DrupText {
    private DrupText() {
    }

    public static String write(Proof proof) {
        StringBuilder sb = new StringBuilder(16 + proof.size() * 16);
        for (int i = 0; i < proof.size(); i++) {
            if (proof.isDeletion(i)) {
                sb.append("d ");
            }
            for (int j = 0; j < proof.length(i); j++) {
                sb.append(proof.literal(i, j)).append(' ');
            }
            sb.append("0\n");
        }
        return sb.toString();
    }

    public static Proof read(Path file) throws InputException {
        byte[] bytes = org.iovacheck.format.TextFiles.readBytes(file, Integer.MAX_VALUE);
        for (int i = 0; i < Math.min(bytes.length, 4096); i++) {
            if (bytes[i] == 0 || (bytes[i] & 0xff) >= 0x80) {
                throw new InputException(file.toString(), 0, "not a text file (binary DRAT proofs are not supported; write the proof as text)");
            }
        }
        return parse(new String(bytes, StandardCharsets.US_ASCII), file.toString());
    }

    /** Parses DRUP text; {@code file} names the source in error messages. */
    public static Proof parse(String text, String file) throws InputException {
        TextScanner sc = new TextScanner(text, file);
        Proof.Builder b = new Proof.Builder();
        IntBuffer cur = new IntBuffer();
        boolean deletion = false;
        boolean open = false;
        int stepLine = 0;
        String t;
        while ((t = sc.next()) != null) {
            if (!open) {
                open = true;
                stepLine = sc.tokenLine();
                if (t.equals("d")) {
                    deletion = true;
                    continue;
                }
            }
            int lit = sc.literal(t, -1);
            if (lit == 0) {
                b.step(deletion, stepLine, cur.toArray());
                cur.clear();
                deletion = false;
                open = false;
            } else {
                cur.add(lit);
            }
        }
        if (open) {
            throw new InputException(file, stepLine, "the last proof step is not ended by 0");
        }
        return b.build();
    }
}
