package io.dmsdelta.delta;

import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.delta.DeltaOperations;
import scala.Option;
import scala.collection.JavaConverters;

import java.util.List;

/** What {@code DESCRIBE HISTORY} calls a commit dms-delta builds itself, and the name of the crash point before it. */
public sealed interface CommitOperation {

    /** The crash point ({@code dmsdelta.test.crashAt}) reached just before the commit. */
    String crashPoint();

    DeltaOperations.Operation delta();

    /** A batch applied with deletion vectors: recorded as Delta's MERGE, whose metrics it registers. */
    record TargetedMerge() implements CommitOperation {
        @Override
        public String crashPoint() {
            return "before-targeted-commit";
        }

        @Override
        public DeltaOperations.Operation delta() {
            return new DeltaOperations.Merge(Option.empty(), Option.empty(), Option.empty(), Option.empty(), none(),
                    none(), none());
        }

        private static scala.collection.Seq<DeltaOperations.MergePredicate> none() {
            return JavaConverters.asScalaBuffer(List.<DeltaOperations.MergePredicate>of()).toSeq();
        }
    }

    /** A rewind: recorded as Delta's RESTORE of that version. */
    record Restore(long version) implements CommitOperation {
        @Override
        public String crashPoint() {
            return "before-rewind-commit";
        }

        @Override
        public DeltaOperations.Operation delta() {
            return new DeltaOperations.Restore(Option.apply((Object) version), Option.empty());
        }
    }

    /** The table rewritten in key ranges, no data changed: recorded as Delta's OPTIMIZE. */
    record Optimize() implements CommitOperation {
        @Override
        public String crashPoint() {
            return "before-optimize-commit";
        }

        @Override
        public DeltaOperations.Operation delta() {
            return new DeltaOperations.Optimize(JavaConverters.asScalaBuffer(List.<Expression>of()).toSeq(),
                    JavaConverters.asScalaBuffer(List.<String>of()).toSeq(), false, Option.empty(), true);
        }
    }
}
