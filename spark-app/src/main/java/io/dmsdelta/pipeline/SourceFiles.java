package io.dmsdelta.pipeline;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.dms.TableFolderScanner;
import io.dmsdelta.spark.Storage;

import java.util.Optional;

/**
 * Everything DMS wrote for one table: its {@code <schema>/<table>/} folder and, when the endpoint preserves
 * transactions, the {@code CDC_TXN} files in {@code CdcPath} that hold every table's changes.
 */
public final class SourceFiles {

    private SourceFiles() {
    }

    /** @return the table's files; empty when DMS wrote nothing that can concern it */
    public static Optional<TableFiles> of(Storage storage, EndpointSettings settings, SourceSelection source,
                                   TableDefinition table) {
        TableFolderScanner scanner = new TableFolderScanner(storage);
        String folder = source.tableFolder(table);
        boolean hasFolder = storage.status(folder).isPresent();
        TableFiles files = hasFolder ? scanner.scan(folder) : TableFiles.NONE;
        Optional<String> transactions = settings.transactionFolder().map(source::folder)
                .filter(path -> storage.status(path).isPresent());
        if (transactions.isPresent()) {
            files = files.withTransactions(scanner.scan(transactions.get()).cdcFiles());
        }
        return hasFolder || !files.cdcFiles().isEmpty() ? Optional.of(files) : Optional.empty();
    }
}
