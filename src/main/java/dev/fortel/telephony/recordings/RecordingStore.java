package dev.fortel.telephony.recordings;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * Where encrypted recordings are kept. The default is a directory ({@link DirectoryRecordingStore}); an object
 * store can implement the same four operations. Keys are made by the server ({@code <company id>/<uuid>.rec}),
 * never taken from a request. The store only ever sees ciphertext.
 */
public interface RecordingStore {

    /** An object being written: invisible to {@link #open} until {@link #commit}; closing without commit removes it. */
    interface Upload extends AutoCloseable {

        OutputStream stream();

        void commit() throws IOException;

        @Override
        void close() throws IOException;
    }

    Upload create(String key) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when there is no such object */
    SeekableByteChannel open(String key) throws IOException;

    /** @return whether there was an object to delete */
    boolean delete(String key) throws IOException;
}
