/**
 * A taobao.trade.fullinfo.get reply for connector tests, built from the field list in PLATFORMS.md §4
 * (no real trade is saved as a fixture: the public ones carry buyers' names and phone numbers).
 * tid and oid are beyond 2^53, as real ones are; receiver fields are masked, as TOP sends them.
 */
export const sampleFullinfoReply = `{"trade_fullinfo_get_response":{"trade":{
  "tid":3912345678901234567,"tid_str":"3912345678901234567","status":"WAIT_SELLER_SEND_GOODS","type":"fixed",
  "created":"2025-04-02 09:15:00","modified":"2025-04-02 09:16:30","pay_time":"2025-04-02 09:16:30",
  "payment":"268.00","total_fee":"278.00","post_fee":"0.00","buyer_nick":"t**1",
  "buyer_message":"请周五前发货","seller_memo":"VIP, gift wrap",
  "receiver_name":"张*","receiver_state":"浙江省","receiver_city":"杭州市","receiver_district":"西湖区",
  "receiver_address":"文三路***号","receiver_zip":"310000","receiver_mobile":"138****0000",
  "orders":{"order":[
    {"oid":3912345678901234568,"oid_str":"3912345678901234568","num_iid":600000000001,"sku_id":"4000000000001",
     "outer_iid":"TEA-SET","outer_sku_id":"TEA-LONGJING-250","title":"龙井 250g","num":2,"price":"99.00","payment":"188.00",
     "status":"WAIT_SELLER_SEND_GOODS","refund_status":"NO_REFUND"},
    {"oid":3912345678901234569,"num_iid":600000000002,"outer_iid":"GIFT-BOX","title":"礼盒","num":1,"price":"80.00",
     "payment":"80.00","status":"WAIT_SELLER_SEND_GOODS","refund_status":"NO_REFUND"},
    {"oid":3912345678901234570,"oid_str":"3912345678901234570","num_iid":600000000001,"sku_id":"4000000000003",
     "outer_iid":"TEA-SET","title":"龙井 500g","num":1,"price":"10.00","payment":"0.00",
     "status":"TRADE_CLOSED","refund_status":"SUCCESS"}
  ]},
  "request_id":"r1"
}}}`;
