import boto3, json, sys
from decimal import Decimal
ep = sys.argv[1]
kw = dict(endpoint_url=ep, region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing')
c = boto3.client('dynamodb', **kw)
s = boto3.client('dynamodbstreams', **kw)
T = 'Orders'
c.create_table(TableName=T, KeySchema=[{'AttributeName':'customer','KeyType':'HASH'},{'AttributeName':'order_no','KeyType':'RANGE'}],
  AttributeDefinitions=[{'AttributeName':'customer','AttributeType':'S'},{'AttributeName':'order_no','AttributeType':'N'}],
  BillingMode='PAY_PER_REQUEST', StreamSpecification={'StreamEnabled':True,'StreamViewType':'NEW_AND_OLD_IMAGES'})
arn = c.describe_table(TableName=T)['Table']['LatestStreamArn']
shard = s.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
last = [None]
def read():
    kwargs = dict(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON') if last[0] is None else dict(StreamArn=arn, ShardId=shard, ShardIteratorType='AFTER_SEQUENCE_NUMBER', SequenceNumber=last[0])
    it = s.get_shard_iterator(**kwargs)['ShardIterator']
    # raw JSON, as Lambda passes GetRecords' records on
    import urllib.request
    req = urllib.request.Request(ep + '/', data=json.dumps({'ShardIterator': it}).encode(), headers={'X-Amz-Target':'DynamoDBStreams_20120810.GetRecords','Content-Type':'application/x-amz-json-1.0','Authorization':'AWS4-HMAC-SHA256 Credential=testing/20261207/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x'})
    recs = json.loads(urllib.request.urlopen(req).read())['Records']
    for r in recs:
        r['eventSourceARN'] = arn
        last[0] = r['dynamodb']['SequenceNumber']
    return recs
def write(recs, folder):
    import os
    os.makedirs(folder, exist_ok=True)
    seqs = [int(r['dynamodb']['SequenceNumber']) for r in recs]
    name = '%040d-%040d.json' % (min(seqs), max(seqs))
    with open(os.path.join(folder, name), 'w') as f:
        for r in recs:
            f.write(json.dumps(r, separators=(',', ':'), default=str) + '\n')
out = sys.argv[2]
S=lambda v: {'S': v}; N=lambda v: {'N': v}
c.put_item(TableName=T, Item={'customer':S('alice'),'order_no':N('1'),'status':S('new'),'amount':N('129.90'),'tags':{'SS':['gift','priority']},'items':{'L':[{'M':{'sku':S('A-100'),'qty':N('2')}}]},'placed_at':S('2026-12-07T09:15:00.250Z')})
c.put_item(TableName=T, Item={'customer':S('alice'),'order_no':N('2'),'status':S('new'),'amount':N('15.00'),'placed_at':S('2026-12-07T09:20:00Z'),'coupon':S('WINTER')})
c.put_item(TableName=T, Item={'customer':S('bob'),'order_no':N('1'),'status':S('new'),'amount':N('99999999999999999999.99'),'placed_at':S('2026-12-07T09:25:00Z'),'paid':{'BOOL':False}})
write(read(), out)
c.update_item(TableName=T, Key={'customer':S('alice'),'order_no':N('1')}, UpdateExpression='SET #s = :s, paid = :p ADD tags :t', ExpressionAttributeNames={'#s':'status'}, ExpressionAttributeValues={':s':S('shipped'),':p':{'BOOL':True},':t':{'SS':['fragile']}})
c.delete_item(TableName=T, Key={'customer':S('alice'),'order_no':N('2')})
c.update_item(TableName=T, Key={'customer':S('bob'),'order_no':N('1')}, UpdateExpression='SET paid = :p, amount = :a', ExpressionAttributeValues={':p':{'BOOL':True},':a':N('100.5')})
c.put_item(TableName=T, Item={'customer':S('carol'),'order_no':N('7'),'status':S('new'),'amount':N('42'),'placed_at':S('2026-12-07T10:00:00Z'),'gift_note':{'NULL':True}})
write(read(), out)
for item in c.scan(TableName=T)['Items']:
    print(json.dumps(item, sort_keys=True))
