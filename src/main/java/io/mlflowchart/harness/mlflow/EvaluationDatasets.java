package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.DatasetRecordSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.EvaluationDatasetSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The evaluation dataset the dataset writes to an experiment: three question-answering records with inputs,
 * expectations and tags of every JSON type the store names (a string, an integer, a float, a boolean, an array), each
 * from another kind of source. What the store derives is derived here the same way (sqlalchemy_store.py of 3.4.0 to
 * 3.17.2): the schema (each input and expectation key with the type its first value has, {@code _infer_field_type}),
 * the profile (the number of records) and a record's source id and type (entities/dataset_record.py
 * {@code __post_init__}: the source's {@code source_id}, its {@code trace_id} for a TRACE source).
 */
final class EvaluationDatasets {

    private EvaluationDatasets() {}

    /** The dataset named {@code name}, of {@code experiment}. */
    static EvaluationDatasetSnapshot of(String name, String experiment) {
        List<Map<String, Object>> records = Stream.of(
                        new Question("What is MLflow?", 3, "An open source ML platform.", 0.75, "easy", "HUMAN"),
                        new Question("Wie skaliert MLflow? ✓", 5, "Mit einer Datenbank 🚀", 0.5, "hard", "DOCUMENT"),
                        new Question("Which stores hold runs?", 1, "SQL databases.", 0.25, "medium", "CODE"))
                .map(Question::record)
                .toList();
        SortedMap<String, DatasetRecordSnapshot> snapshots = new TreeMap<>();
        records.forEach(record -> {
            DatasetRecordSnapshot snapshot = snapshot(record);
            snapshots.put(snapshot.inputs(), snapshot);
        });
        return new EvaluationDatasetSnapshot(
                null,
                name,
                null,
                null,
                new TreeMap<>(Map.of("purpose", "regression questions", "owner", "ml-platform ✓")),
                List.of(experiment),
                CanonicalJson.of(schema(records)),
                CanonicalJson.of(Map.of("num_records", records.size())),
                snapshots);
    }

    /** A record's values: a human's and a document's source carry an id ({@code source_id}), code's a script. */
    private record Question(
            String question, int topK, String response, double minScore, String difficulty, String sourceType) {

        Map<String, Object> record() {
            boolean identified = !"CODE".equals(sourceType);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("inputs", Map.of("question", question, "top_k", topK));
            record.put(
                    "expectations",
                    Map.of(
                            "expected_response",
                            response,
                            "min_score",
                            minScore,
                            "must_cite",
                            !identified,
                            "facts",
                            List.of("fact 1", "fact 2")));
            record.put("tags", Map.of("difficulty", difficulty));
            record.put(
                    "source",
                    Map.of(
                            "source_type",
                            sourceType,
                            "source_data",
                            identified
                                    ? Map.of("source_id", sourceType.toLowerCase(Locale.ROOT) + "-1")
                                    : Map.of("script", "generate_questions.py")));
            return record;
        }
    }

    /** As the store keeps it: no outputs written, the source's id and type copied out of it. */
    @SuppressWarnings("unchecked")
    private static DatasetRecordSnapshot snapshot(Map<String, Object> record) {
        Map<String, Object> source = (Map<String, Object>) record.get("source");
        Map<String, Object> sourceData = (Map<String, Object>) source.get("source_data");
        return new DatasetRecordSnapshot(
                null,
                CanonicalJson.of(record.get("inputs")),
                null,
                CanonicalJson.of(record.get("expectations")),
                CanonicalJson.of(record.get("tags")),
                CanonicalJson.of(source),
                (String) source.get("source_type"),
                (String) sourceData.get("TRACE".equals(source.get("source_type")) ? "trace_id" : "source_id"));
    }

    /** {@code _update_dataset_schema} of the records upserted in this order into a dataset without any. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(List<Map<String, Object>> records) {
        Map<String, String> inputs = new TreeMap<>();
        Map<String, String> expectations = new TreeMap<>();
        for (Map<String, Object> record : records) {
            ((Map<String, Object>) record.get("inputs"))
                    .forEach((key, value) -> inputs.putIfAbsent(key, typeOf(value)));
            ((Map<String, Object>) record.get("expectations"))
                    .forEach((key, value) -> expectations.putIfAbsent(key, typeOf(value)));
        }
        return Map.of("inputs", inputs, "expectations", expectations, "version", "1.0");
    }

    /** {@code _infer_field_type}. */
    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Integer || value instanceof Long) {
            return "integer";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof List) {
            return "array";
        } else if (value instanceof Map) {
            return "object";
        }
        return "unknown";
    }
}
