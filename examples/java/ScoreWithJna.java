// A Java host of reentry through JNA (Debian's libjna-java): no JNI code,
// only the C ABI of capi/reentry.h declared as a Java interface.
//
//   javac -cp /usr/share/java/jna.jar -d out examples/java/ScoreWithJna.java
//   java -cp /usr/share/java/jna.jar:out -Djna.library.path=build ScoreWithJna
//
// It creates an engine, scores one person through reentry_call_json, scores
// a caseload of four through reentry_score_batch (columns and outputs in
// native memory, read and written in place), and reads two errors with their
// fields: one from a JSON call, one from a batch.

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ScoreWithJna {
  /** C size_t: 8 bytes on 64-bit platforms, 4 on 32-bit. */
  public static class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;
    public SizeT() { this(0); }
    public SizeT(long value) { super(Native.SIZE_T_SIZE, value, true); }
  }

  /** size_t* out-parameter. */
  public static class SizeTByReference extends ByReference {
    public SizeTByReference() { super(Native.SIZE_T_SIZE); }
    public long getValue() {
      return Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0)
                                     : getPointer().getInt(0) & 0xFFFFFFFFL;
    }
  }

  /** struct reentry_column. */
  @Structure.FieldOrder({"item_id", "type", "data"})
  public static class Column extends Structure {
    public String item_id;
    public int type;
    public Pointer data;
  }

  /** struct reentry_scale_output. */
  @Structure.FieldOrder({"scale_id", "raw_score", "scaled_score", "flag", "level"})
  public static class ScaleOutput extends Structure {
    public String scale_id;
    public Pointer raw_score;
    public Pointer scaled_score;
    public Pointer flag;
    public Pointer level;
  }

  /** struct reentry_batch_options: begins with its size. */
  @Structure.FieldOrder({"size", "instrument_version", "norm_group", "threads", "column_size",
                         "output_size"})
  public static class BatchOptions extends Structure {
    public SizeT size;
    public String instrument_version;
    public String norm_group;
    public int threads;
    public SizeT column_size;
    public SizeT output_size;
  }

  /** The C ABI (capi/reentry.h), as much of it as this host uses. */
  public interface Reentry extends Library {
    Reentry LIB = Native.load("reentry_c", Reentry.class);
    int REENTRY_COLUMN_BOOL8 = 1;
    int REENTRY_COLUMN_INT32 = 2;

    String reentry_version();
    int reentry_engine_create(PointerByReference engine);
    void reentry_engine_destroy(Pointer engine);
    // The request as bytes (UTF-8), not a String: its length is in bytes.
    int reentry_call_json(Pointer engine, String method, byte[] request, SizeT requestLen,
                          PointerByReference response, SizeTByReference responseLen);
    int reentry_score_batch(Pointer engine, String instrumentId, BatchOptions options,
                            Column columns, SizeT nColumns, SizeT nRows, ScaleOutput outputs,
                            SizeT nOutputs, PointerByReference error);
    int reentry_error_code(Pointer error);
    String reentry_error_message(Pointer error);
    String reentry_error_field(Pointer error);
    void reentry_error_free(Pointer error);
    void reentry_free(Pointer p);
  }

  /** A failed call: status, message and field. */
  static final class ReentryException extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;
    final String field;
    ReentryException(int code, String message, String field) {
      super(message);
      this.code = code;
      this.field = field;
    }
  }

  static final Reentry LIB = Reentry.LIB;

  /** Calls rpc `method` with a JSON request; the response JSON, or the error it returned. */
  static String callJson(Pointer engine, String method, String request) throws ReentryException {
    byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
    PointerByReference response = new PointerByReference();
    SizeTByReference length = new SizeTByReference();
    int status = LIB.reentry_call_json(engine, method, bytes, new SizeT(bytes.length), response,
                                       length);
    Pointer p = response.getValue();
    String json = new String(p.getByteArray(0, (int) length.getValue()), StandardCharsets.UTF_8);
    LIB.reentry_free(p);  // the library's buffer, freed by the library
    if (status != 0) {
      // The response is a reentry.v1.Error {code, message, field} in JSON.
      throw new ReentryException(status, jsonString(json, "message"), jsonString(json, "field"));
    }
    return json;
  }

  /** A string field of a flat JSON object (enough for reentry.v1.Error). */
  static String jsonString(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : "";
  }

  static int intAfter(String json, String from, String key) {
    int at = json.indexOf(key, json.indexOf(from));
    Matcher m = Pattern.compile("-?\\d+").matcher(json.substring(at + key.length()));
    return m.find() ? Integer.parseInt(m.group()) : -1;
  }

  static Memory ints(int... values) {
    Memory memory = new Memory(4L * values.length);
    memory.write(0, values, 0, values.length);
    return memory;
  }

  static Memory bytes(int... values) {
    Memory memory = new Memory(values.length);
    for (int i = 0; i < values.length; ++i) memory.setByte(i, (byte) values[i]);
    return memory;
  }

  /** Scores `rows` people with the PSA from columns; returns NCA scaled scores and NVCA flags. */
  static int[][] scoreCaseload(Pointer engine, int[] ages, int[] priorViolent, int rows)
      throws ReentryException {
    String[] booleans = {"current_violent_offense", "pending_charge",
                         "prior_misdemeanor_conviction", "prior_felony_conviction",
                         "prior_fta_older_than_two_years", "prior_sentence_to_incarceration"};
    int[][] booleanValues = {{1, 0, 0, 1}, {1, 0, 1, 0}, {1, 0, 1, 1}, {0, 0, 0, 1},
                             {0, 0, 0, 1}, {1, 0, 0, 1}};
    Column[] columns = (Column[]) new Column().toArray(3 + booleans.length);  // contiguous
    columns[0].item_id = "age_at_current_arrest";
    columns[0].type = Reentry.REENTRY_COLUMN_INT32;
    columns[0].data = ints(ages);
    columns[1].item_id = "prior_violent_convictions";
    columns[1].type = Reentry.REENTRY_COLUMN_INT32;
    columns[1].data = ints(priorViolent);
    columns[2].item_id = "prior_fta_past_two_years";
    columns[2].type = Reentry.REENTRY_COLUMN_INT32;
    columns[2].data = ints(1, 0, 0, 2);
    for (int i = 0; i < booleans.length; ++i) {
      columns[3 + i].item_id = booleans[i];
      columns[3 + i].type = Reentry.REENTRY_COLUMN_BOOL8;
      columns[3 + i].data = bytes(booleanValues[i]);
    }
    Memory nca = new Memory(4L * rows);
    Memory flags = new Memory(rows);
    ScaleOutput[] outputs = (ScaleOutput[]) new ScaleOutput().toArray(2);
    outputs[0].scale_id = "nca";
    outputs[0].scaled_score = nca;
    outputs[1].scale_id = "nvca";
    outputs[1].flag = flags;
    BatchOptions options = new BatchOptions();
    options.size = new SizeT(options.size());
    options.threads = 1;
    options.column_size = new SizeT(columns[0].size());
    options.output_size = new SizeT(outputs[0].size());
    PointerByReference error = new PointerByReference();
    int status = LIB.reentry_score_batch(engine, "psa", options, columns[0],
                                         new SizeT(columns.length), new SizeT(rows), outputs[0],
                                         new SizeT(outputs.length), error);
    if (status != 0) {
      Pointer e = error.getValue();
      ReentryException failure = new ReentryException(
          LIB.reentry_error_code(e), LIB.reentry_error_message(e), LIB.reentry_error_field(e));
      LIB.reentry_error_free(e);
      throw failure;
    }
    int[][] out = {nca.getIntArray(0, rows), new int[rows]};
    for (int i = 0; i < rows; ++i) out[1][i] = flags.getByte(i);
    return out;
  }

  public static void main(String[] args) throws Exception {
    PointerByReference handle = new PointerByReference();
    if (LIB.reentry_engine_create(handle) != 0) throw new IllegalStateException("no engine");
    Pointer engine = handle.getValue();
    boolean ok = true;
    try {
      System.out.println("Java " + System.getProperty("java.version") + ", JNA " + Native.VERSION
                         + ", reentry " + LIB.reentry_version());

      // One person, in JSON: the README's demo person (NCA raw 10, scaled 6).
      String person = "{\"instrumentId\":\"psa\",\"responses\":["
          + "{\"itemId\":\"age_at_current_arrest\",\"number\":20},"
          + "{\"itemId\":\"current_violent_offense\",\"boolean\":true},"
          + "{\"itemId\":\"pending_charge\",\"boolean\":true},"
          + "{\"itemId\":\"prior_misdemeanor_conviction\",\"boolean\":true},"
          + "{\"itemId\":\"prior_felony_conviction\",\"boolean\":false},"
          + "{\"itemId\":\"prior_violent_convictions\",\"number\":1},"
          + "{\"itemId\":\"prior_fta_past_two_years\",\"number\":1},"
          + "{\"itemId\":\"prior_fta_older_than_two_years\",\"boolean\":false},"
          + "{\"itemId\":\"prior_sentence_to_incarceration\",\"boolean\":true}]}";
      String scored = callJson(engine, "Score", person);
      int nca = intAfter(scored, "\"scaleId\":\"nca\"", "\"scaledScore\":");
      System.out.println("person: NCA scaled score " + nca);
      ok &= nca == 6;

      // A caseload of four from columns; row 0 is the same person.
      int[][] batch = scoreCaseload(engine, new int[] {20, 45, 30, 52}, new int[] {1, 0, 0, 3}, 4);
      System.out.println("caseload: NCA " + java.util.Arrays.toString(batch[0]) + ", NVCA flags "
                         + java.util.Arrays.toString(batch[1]));
      ok &= batch[0][0] == nca && batch[1][0] == 1;

      // Errors come back with the call, naming the field.
      try {
        callJson(engine, "Score", "{\"instrumentId\":\"psa\",\"responses\":"
                 + "[{\"itemId\":\"prior_violent_convictions\",\"number\":-1}]}");
        ok = false;
      } catch (ReentryException e) {
        System.out.println("JSON error " + e.code + " in " + e.field + ": " + e.getMessage());
        ok &= e.code == 3 && e.field.equals("responses[0].number");
      }
      try {
        scoreCaseload(engine, new int[] {20, 45, 30, 52}, new int[] {1, 0, -2, 3}, 4);
        ok = false;
      } catch (ReentryException e) {
        System.out.println("batch error " + e.code + " in " + e.field + ": " + e.getMessage());
        ok &= e.code == 3 && e.field.equals("columns[1]") && e.getMessage().contains("row 2");
      }
    } finally {
      LIB.reentry_engine_destroy(engine);
    }
    System.out.println(ok ? "Java host: all checks passed" : "Java host: WRONG");
    System.exit(ok ? 0 : 1);
  }
}
