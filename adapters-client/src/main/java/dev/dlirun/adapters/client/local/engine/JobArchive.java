package dev.dlirun.adapters.client.local.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The export file (DLI's {@code zip_file}): a zip holding one entry per job, {@code job-<old id>.json}, each the
 * job's definition in this service's own format, version {@value #VERSION}:
 * <pre>{"format": "dlirun-flink-job", "version": 1, "job_id": 131, "job_type": "flink_opensource_sql_job",
 *  "definition": {"name": ..., "sql_body": ..., every other field a create takes, by its wire name}}</pre>
 * Definitions only: no status, savepoint or run. Reading is bounded against hostile files (at most
 * {@value #MAX_ENTRIES} entries, {@value #MAX_ENTRY_BYTES} bytes each and {@value #MAX_TOTAL_BYTES} in all once
 * unpacked, whatever the zip's own headers claim) and nothing is unpacked to disk: an entry's name is checked against
 * the one pattern above and never used as a path.
 */
final class JobArchive {

    static final String FORMAT = "dlirun-flink-job";
    static final int VERSION = 1;
    static final int MAX_ENTRIES = 1000;
    /** A job's SQL may be 1 MiB characters, up to 4 bytes each in UTF-8, with room for JSON's escapes. */
    static final int MAX_ENTRY_BYTES = 8 * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    private static final Pattern ENTRY = Pattern.compile("job-([1-9][0-9]{0,18})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JobArchive() {
    }

    /** One job of an export file. */
    record Entry(long jobId, JobType type, JobFields fields) {
        Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(fields, "fields");
        }
    }

    /** Writes {@code entries} as an export file to {@code out}. */
    static void write(List<Entry> entries, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (Entry entry : entries) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("format", FORMAT);
                json.put("version", VERSION);
                json.put("job_id", entry.jobId());
                json.put("job_type", entry.type().wireName());
                json.put("definition", entry.fields().toJson());
                zip.putNextEntry(new ZipEntry("job-" + entry.jobId() + ".json"));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
                zip.closeEntry();
            }
        }
    }

    /**
     * The jobs of the export file {@code in}, each field checked as a create checks it.
     *
     * @param file how the caller named the file, for the messages
     * @throws InvalidInputException naming the file, the entry and what is wrong, when it is not an export file
     */
    static List<Entry> read(String file, InputStream in) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                var matcher = ENTRY.matcher(name);
                if (entry.isDirectory() || !matcher.matches()) {
                    throw invalid(file, "holds " + printable(name) + ", which is no job of an export (job-<id>.json)");
                }
                if (!names.add(name)) {
                    throw invalid(file, "holds " + name + " twice");
                }
                if (entries.size() == MAX_ENTRIES) {
                    throw invalid(file, "holds more than " + MAX_ENTRIES + " jobs");
                }
                byte[] bytes = readBounded(file, name, zip);
                total += bytes.length;
                if (total > MAX_TOTAL_BYTES) {
                    throw invalid(file, "unpacks to more than " + MAX_TOTAL_BYTES + " bytes");
                }
                entries.add(entry(file, name, Long.parseLong(matcher.group(1)), bytes));
            }
        } catch (ZipException e) {
            throw invalid(file, "is not a readable zip file");
        } catch (IOException e) {
            throw new UncheckedIOException("the export file " + file + " cannot be read", e);
        }
        if (entries.isEmpty()) {
            throw invalid(file, "holds no job: it is not an export of this service");
        }
        return entries;
    }

    private static byte[] readBounded(String file, String name, InputStream entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int read = entry.read(buffer); read >= 0; read = entry.read(buffer)) {
            if (bytes.size() + read > MAX_ENTRY_BYTES) {
                throw invalid(file, "holds " + name + ", larger than " + MAX_ENTRY_BYTES + " bytes unpacked");
            }
            bytes.write(buffer, 0, read);
        }
        return bytes.toByteArray();
    }

    private static Entry entry(String file, String name, long idInName, byte[] bytes) {
        Map<?, ?> json;
        try {
            json = JSON.readValue(bytes, Map.class);
        } catch (IOException e) {
            throw invalid(file, "holds " + name + ", which is not a JSON object");
        }
        String where = file + " " + name;
        if (!FORMAT.equals(json.get("format"))) {
            throw new InvalidInputException("zip_file " + where + " format", "must be " + FORMAT);
        }
        if (!Long.valueOf(VERSION).equals(json.get("version"))) {
            throw new InvalidInputException("zip_file " + where + " version", "must be " + VERSION
                    + " (the only version this service reads)");
        }
        if (!Long.valueOf(idInName).equals(json.get("job_id"))) {
            throw new InvalidInputException("zip_file " + where + " job_id", "must be " + idInName
                    + ", the id in the entry's name");
        }
        JobType type = json.get("job_type") instanceof String wire ? JobType.fromWireName(wire).orElse(null) : null;
        if (type == null) {
            throw new InvalidInputException("zip_file " + where + " job_type", "must be a job type, e.g. "
                    + JobType.FLINK_OPENSOURCE_SQL_JOB.wireName());
        }
        if (!(json.get("definition") instanceof Map<?, ?> definition)) {
            throw new InvalidInputException("zip_file " + where + " definition", "must be a JSON object");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        definition.forEach((key, value) -> fields.put(String.valueOf(key), value));
        try {
            return new Entry(idInName, type, JobFields.parse(fields));
        } catch (InvalidInputException e) {
            throw e.reportedAs("zip_file " + where + " " + e.field());
        }
    }

    private static InvalidInputException invalid(String file, String rule) {
        return new InvalidInputException("zip_file " + file, rule);
    }

    /** An entry's name as it may be shown: bounded, control characters replaced. */
    private static String printable(String name) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
