package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.vod.model.v20170321.GetMezzanineInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetMezzanineInfoResponse;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.UploadStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

/** Pins the exact VOD request {@link VodVideoCatalog} sends and how it reads the answer and VOD's errors. */
class VodVideoCatalogRequestsTest {
    private static final String VIDEO_ID = "9ae2af636ca6c10412f44891fc4a1b2c";
    private static final String REQUEST_ID = "25818875-5F78-4A13-BEF6-D7393642CA58";

    private final IAcsClient client = mock(IAcsClient.class);
    private final VodVideoCatalog catalog = new VodVideoCatalog(() -> client);

    private static GetMezzanineInfoResponse mezzanine(String status) {
        GetMezzanineInfoResponse response = new GetMezzanineInfoResponse();
        response.setRequestId(REQUEST_ID);
        GetMezzanineInfoResponse.Mezzanine mezzanine = new GetMezzanineInfoResponse.Mezzanine();
        mezzanine.setVideoId(VIDEO_ID);
        mezzanine.setStatus(status);
        mezzanine.setFileURL("https://outin.example.com/source.mp4?OSSAccessKeyId=STS.x&Signature=secret");
        response.setMezzanine(mezzanine);
        return response;
    }

    @Test
    void uploadStatus_sendsOneGetMezzanineInfoWithTheVideoIdOnly() throws Exception {
        when(client.getAcsResponse(any(GetMezzanineInfoRequest.class))).thenReturn(mezzanine("Normal"));

        catalog.uploadStatus(VIDEO_ID);

        @SuppressWarnings({"unchecked", "rawtypes"})
        ArgumentCaptor<AcsRequest> captor = ArgumentCaptor.forClass(AcsRequest.class);
        verify(client, times(1)).getAcsResponse(captor.capture());
        GetMezzanineInfoRequest sent = assertInstanceOf(GetMezzanineInfoRequest.class, captor.getValue());
        assertEquals("GetMezzanineInfo", sent.getSysActionName());
        assertEquals("2017-03-21", sent.getSysVersion());
        assertEquals("vod", sent.getSysProduct());
        assertEquals(VIDEO_ID, sent.getSysQueryParameters().get("VideoId"));
        assertNull(sent.getOutputType());
        assertNull(sent.getAuthTimeout());
        assertNull(sent.getAdditionType());
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
        assertEquals(FormatType.JSON, sent.getSysAcceptFormat(), "JSON answers: the JAXB runtime is not packaged");
    }

    @ParameterizedTest
    @CsvSource({"Normal, COMPLETE", "Uploading, UPLOADING", "UploadFail, FAILED", "Deleted, FAILED",
        "SomethingNew, FAILED"})
    void uploadStatus_readsMezzanineStatus(String status, UploadStatus.State expected) throws Exception {
        when(client.getAcsResponse(any(GetMezzanineInfoRequest.class))).thenReturn(mezzanine(status));
        UploadStatus read = catalog.uploadStatus(VIDEO_ID);
        assertEquals(UploadStatus.of(expected, "Mezzanine.Status=" + status), read);
        assertFalse(read.toString().contains("secret"), "the signed FileURL is never read");
    }

    @Test
    void uploadStatus_quotesAnOddStatusOnlyInSafeCharacters() throws Exception {
        when(client.getAcsResponse(any(GetMezzanineInfoRequest.class))).thenReturn(mezzanine("a\"b\nc"));
        assertEquals("Mezzanine.Status=a?b?c", catalog.uploadStatus(VIDEO_ID).detail());
    }

    @Test
    void uploadStatus_whenVodKnowsNoSuchVideo_isUnknownVideo() throws Exception {
        when(client.getAcsResponse(any(GetMezzanineInfoRequest.class)))
                .thenThrow(new ClientException("InvalidVideo.NotFound", "The video does not exist.", REQUEST_ID));
        assertEquals(UploadStatus.of(UploadStatus.State.UNKNOWN_VIDEO, "InvalidVideo.NotFound"),
                catalog.uploadStatus(VIDEO_ID));
    }

    @Test
    void uploadStatus_whenTheVideoHasNoSourceFile_isFailed() throws Exception {
        when(client.getAcsResponse(any(GetMezzanineInfoRequest.class)))
                .thenThrow(new ClientException("InvalidFile.NotFound", "The file does not exist.", REQUEST_ID));
        assertEquals(UploadStatus.of(UploadStatus.State.FAILED, "InvalidFile.NotFound"),
                catalog.uploadStatus(VIDEO_ID));
    }

    @Test
    void uploadStatus_whenVodThrottlesOrFails_is503SoVodRetries() throws Exception {
        when(client.getAcsResponse(any(GetMezzanineInfoRequest.class)))
                .thenThrow(new ClientException("Throttling.User", "slow down", REQUEST_ID))
                .thenThrow(new ServerException("InternalError", "oops", REQUEST_ID))
                .thenThrow(new ClientException("Forbidden.RAM", "no permission", REQUEST_ID))
                .thenReturn(null)
                .thenReturn(new GetMezzanineInfoResponse());
        assertEquals(ErrorCode.VOD_THROTTLED, failure().errorCode());
        assertEquals(ErrorCode.VOD_UNAVAILABLE, failure().errorCode());
        DependencyUnavailableException forbidden = failure();
        assertEquals(ErrorCode.VOD_UNAVAILABLE, forbidden.errorCode());
        assertEquals("VOD GetMezzanineInfo failed: Forbidden.RAM (request id " + REQUEST_ID + ")",
                forbidden.getMessage());
        assertEquals("VOD GetMezzanineInfo returned no Mezzanine.Status", failure().getMessage());
        assertEquals("VOD GetMezzanineInfo returned no Mezzanine.Status", failure().getMessage());
    }

    private DependencyUnavailableException failure() {
        return assertThrows(DependencyUnavailableException.class, () -> catalog.uploadStatus(VIDEO_ID));
    }

    @Test
    void constructor_doesNotTouchTheClientSupplier() {
        new VodVideoCatalog(() -> {
            throw new AssertionError("client built in constructor");
        });
    }
}
