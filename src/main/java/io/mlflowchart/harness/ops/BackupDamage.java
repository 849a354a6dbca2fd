package io.mlflowchart.harness.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A way a user breaks a backup set, and the refusal the runbook must answer a restore of it with. Each damage works
 * on a copy of the set ({@code <set>-<kind>}, beside it), or on nothing (a wrong {@code FILE=}): the set itself stays
 * good for the restore that follows.
 */
public enum BackupDamage {

    /**
     * The database file cut to half its size, and its manifest written for what was cut (a backup that ran out of
     * disk): the checksums pass, the content check must not.
     */
    TRUNCATED("truncated", "is not a restorable database") {
        @Override
        RefusedRestore damage(Path backupDir, String set) throws IOException {
            String copy = copySet(backupDir, set);
            Path database = databaseFile(backupDir, copy);
            try (FileChannel file = FileChannel.open(database, StandardOpenOption.WRITE)) {
                file.truncate(file.size() / 2);
            }
            rewriteChecksum(database.resolveSibling("manifest.json"), database);
            return new RefusedRestore("mlflow-restore", Map.of("TIMESTAMP", copy));
        }
    },

    /** {@code mlflow-db-restore FILE=} pointing at the set's manifest.json instead of its database. */
    WRONG_FILE("wrong-file", "is not the database part") {
        @Override
        RefusedRestore damage(Path backupDir, String set) {
            Path manifest = backupDir.resolve("db").resolve(set).resolve("manifest.json");
            return new RefusedRestore("mlflow-db-restore", Map.of("FILE", manifest.toString()));
        }
    },

    /** Bytes changed in the middle of the database file, its manifest left as it was. */
    TAMPERED("tampered", "checksum mismatch") {
        @Override
        RefusedRestore damage(Path backupDir, String set) throws IOException {
            Path database = databaseFile(backupDir, copySet(backupDir, set));
            try (FileChannel file = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long middle = file.size() / 2;
                ByteBuffer bytes = ByteBuffer.allocate(16);
                file.read(bytes, middle);
                for (int i = 0; i < bytes.position(); i++) {
                    bytes.put(i, (byte) ~bytes.get(i));
                }
                bytes.flip();
                file.write(bytes, middle);
            }
            return new RefusedRestore("mlflow-db-restore", Map.of("FILE", database.toString()));
        }
    },

    /** A set whose manifests say it was taken from another release, in another namespace. */
    OTHER_RELEASE("other-release", "ALLOW_OTHER_RELEASE=1") {
        @Override
        RefusedRestore damage(Path backupDir, String set) throws IOException {
            String copy = copySet(backupDir, set);
            for (String part : PARTS) {
                Path manifest = backupDir.resolve(part).resolve(copy).resolve("manifest.json");
                String text = Files.readString(manifest);
                text = withField(text, "release", value -> value + "-other");
                text = withField(text, "namespace", value -> value + "-other");
                Files.writeString(manifest, text);
            }
            return new RefusedRestore("mlflow-restore", Map.of("TIMESTAMP", copy));
        }
    },

    /**
     * A set taken while the server wrapped the AI Gateway's provider keys under another passphrase than the release's:
     * its {@code gateway-kek} names the key of another passphrase (each hex digit of the fingerprint changed), its
     * manifest written for it as the runbook writes one. Needs a set whose database holds provider keys (MLflow 3.8+).
     */
    OTHER_GATEWAY_PASSPHRASE("other-gateway-passphrase", "ALLOW_OTHER_GATEWAY_PASSPHRASE=1") {
        @Override
        RefusedRestore damage(Path backupDir, String set) throws IOException {
            Path original = backupDir.resolve("db").resolve(set).resolve(GATEWAY_KEK);
            if (!Files.isRegularFile(original)) {
                throw new IllegalStateException("set " + set + " has no " + GATEWAY_KEK + ": its database held no AI"
                        + " Gateway provider key when it was taken (MLflow 3.8+ with gateway endpoints), so no"
                        + " passphrase of another can be refused");
            }
            String copy = copySet(backupDir, set);
            Path fingerprint = backupDir.resolve("db").resolve(copy).resolve(GATEWAY_KEK);
            Matcher line = Pattern.compile("(\\d+) ([0-9a-f]+)\\n?").matcher(Files.readString(fingerprint));
            if (!line.matches()) {
                throw new IllegalStateException(fingerprint + " is not '<KEK version> <fingerprint>'");
            }
            StringBuilder other = new StringBuilder();
            line.group(2)
                    .chars()
                    .forEach(digit -> other.append(Character.forDigit((Character.digit(digit, 16) + 1) % 16, 16)));
            Files.writeString(fingerprint, line.group(1) + " " + other + "\n");
            rewriteChecksum(fingerprint.resolveSibling("manifest.json"), fingerprint);
            return new RefusedRestore("mlflow-restore", Map.of("TIMESTAMP", copy));
        }
    };

    /** Every refusal of the runbook starts so ({@code die "refusing: ..."} in mlflow-ops.sh). */
    public static final String REFUSING = "refusing: ";

    private static final List<String> PARTS = List.of("experiments", "db", "artifacts");

    private static final List<String> DATABASE_FILES = List.of("mlflow.db", "mlflow.dump");

    /** The db part's fingerprint of the key its provider keys are wrapped under (make/ops/scripts/mlflow-ops.sh). */
    private static final String GATEWAY_KEK = "gateway-kek";

    private final String kind;

    private final String refusal;

    BackupDamage(String kind, String refusal) {
        this.kind = kind;
        this.refusal = refusal;
    }

    /** The name scenarios use. */
    public String kind() {
        return kind;
    }

    /** What the runbook's refusal of this damage must say, after {@link #REFUSING}. */
    public String refusal() {
        return refusal;
    }

    public static BackupDamage ofKind(String kind) {
        return Stream.of(values())
                .filter(damage -> damage.kind.equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no backup damage " + kind + " (allowed: " + String.join(", ", kinds()) + ")"));
    }

    public static List<String> kinds() {
        return Stream.of(values()).map(BackupDamage::kind).toList();
    }

    /** A restore the runbook must refuse: a target and its variables. */
    public record RefusedRestore(String target, Map<String, String> variables) {}

    /** Damages set {@code set} of {@code backupDir} this way; returns the restore of the damage that must be refused. */
    public RefusedRestore applyTo(Path backupDir, String set) {
        try {
            return damage(backupDir, set);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not damage backup set " + set + " in " + backupDir + " (" + kind + ")", e);
        }
    }

    abstract RefusedRestore damage(Path backupDir, String set) throws IOException;

    /** A copy of every part of {@code set}, as set {@code <set>-<kind>}; returns its name. */
    String copySet(Path backupDir, String set) throws IOException {
        String copy = set + "-" + kind;
        for (String part : PARTS) {
            Path from = backupDir.resolve(part).resolve(set);
            Path to = Files.createDirectories(backupDir.resolve(part).resolve(copy));
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
        return copy;
    }

    private static Path databaseFile(Path backupDir, String set) {
        Path db = backupDir.resolve("db").resolve(set);
        return DATABASE_FILES.stream()
                .map(db::resolve)
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(db + " holds none of " + DATABASE_FILES));
    }

    /** The manifest's line for {@code file}, with the file's present checksum and size. */
    private static void rewriteChecksum(Path manifest, Path file) throws IOException {
        String name = Pattern.quote(file.getFileName().toString());
        Matcher line = Pattern.compile("(\"" + name + "\": \\{\"sha256\": \")[0-9a-f]{64}(\", \"bytes\": )\\d+")
                .matcher(Files.readString(manifest));
        if (!line.find()) {
            throw new IllegalStateException(manifest + " lists no " + file.getFileName());
        }
        Files.writeString(
                manifest,
                line.replaceFirst(
                        Matcher.quoteReplacement(line.group(1) + sha256(file) + line.group(2) + Files.size(file))));
    }

    /** A top-level string field of a manifest ({@code   "name": "value",}), changed by {@code change}. */
    private static String withField(String manifest, String field, UnaryOperator<String> change) {
        Matcher line =
                Pattern.compile("(?m)^(  \"" + field + "\": \")([^\"]*)(\")").matcher(manifest);
        if (!line.find()) {
            throw new IllegalStateException("manifest has no field " + field + ":\n" + manifest);
        }
        return line.replaceFirst(Matcher.quoteReplacement(line.group(1) + change.apply(line.group(2)) + line.group(3)));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
