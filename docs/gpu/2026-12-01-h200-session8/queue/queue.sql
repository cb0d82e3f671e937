PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT;
INSERT INTO schema_version VALUES(1,'environments, sweeps, variants, samples, warmups','2026-12-01T15:14:33.341Z');
INSERT INTO schema_version VALUES(2,'baselines: history of lab baseline promote/reset','2026-12-01T15:14:33.342Z');
INSERT INTO schema_version VALUES(3,'each variant''s start-up cost (process start + model build), kept apart from its samples; the pid that runs a sweep','2026-12-01T15:14:33.343Z');
INSERT INTO schema_version VALUES(4,'profiles: `lab profile` results (time by model part and by kernel, per phase)','2026-12-01T15:14:33.343Z');
INSERT INTO schema_version VALUES(5,'which worker process (0, 1, ...) of its variant measured each sample and warm-up (lab sweep --processes); NULL before','2026-12-01T15:14:33.343Z');
INSERT INTO schema_version VALUES(6,'paired rounds (samples.block), foreign load per sample and its re-runs, calibrations (`lab calibrate`)','2026-12-01T15:14:33.346Z');
INSERT INTO schema_version VALUES(7,'parameters: each variant''s parameter values (variant_params) and the parametrized variant it is a point of; the memory block of a grid each sample was measured in','2026-12-01T15:14:33.347Z');
INSERT INTO schema_version VALUES(8,'sweeps spread over devices: the device each sample ran on, and a key that makes a sample delivered twice land once','2026-12-01T15:14:33.348Z');
CREATE TABLE environments (
  id                 INTEGER PRIMARY KEY,
  lab_version        TEXT    NOT NULL,
  git_sha            TEXT,
  git_dirty          INTEGER CHECK (git_dirty IN (0, 1)),
  backend            TEXT    NOT NULL,
  device             TEXT    NOT NULL,
  tfjs_version       TEXT    NOT NULL,
  node_version       TEXT    NOT NULL,
  cpu_model          TEXT    NOT NULL,
  cpu_cores          INTEGER NOT NULL CHECK (cpu_cores >= 0),
  total_memory_bytes INTEGER NOT NULL CHECK (total_memory_bytes >= 0),
  os                 TEXT    NOT NULL,
  command_line       TEXT    NOT NULL,
  json               TEXT    NOT NULL CHECK (json_valid(json))
) STRICT;
INSERT INTO environments VALUES(1,'0.1.0','c80ee9558b6ed17bae875b3af6dba39a8373911e',1,'webgpu','queue 127.0.0.1:6390: each sample names its device','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step --model gemma-2b --backend webgpu --weights-dtype bf16 --runs 10 --processes 2 --queue redis://127.0.0.1:6390 --db /root/out/queue.db --load-threshold 100','{"labVersion":"0.1.0","gitSha":"c80ee9558b6ed17bae875b3af6dba39a8373911e","gitDirty":true,"sourceTree":"ebf59923d718e772fbb3bcd46868ee5417df54b1","backend":"webgpu","device":"queue 127.0.0.1:6390: each sample names its device","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step --model gemma-2b --backend webgpu --weights-dtype bf16 --runs 10 --processes 2 --queue redis://127.0.0.1:6390 --db /root/out/queue.db --load-threshold 100"}');
CREATE TABLE sweeps (
  id             TEXT    PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  created_at     TEXT    NOT NULL,
  finished_at    TEXT,
  status         TEXT    NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  environment_id INTEGER NOT NULL REFERENCES environments (id),
  baseline       TEXT    NOT NULL,
  model          TEXT    NOT NULL,
  backend        TEXT    NOT NULL,
  prompt_len     INTEGER NOT NULL CHECK (prompt_len >= 0),
  gen_len        INTEGER NOT NULL CHECK (gen_len >= 0),
  runs           INTEGER NOT NULL CHECK (runs >= 0),
  warmup         INTEGER NOT NULL CHECK (warmup >= 0),
  seed           INTEGER NOT NULL,
  experiment     TEXT,
  settings_json  TEXT    NOT NULL CHECK (json_valid(settings_json)), owner_pid INTEGER,
  -- a sweep has finished exactly when it is no longer running
  CHECK ((status = 'running') = (finished_at IS NULL))
) STRICT;
INSERT INTO sweeps VALUES('20261201-151431-e83e','2026-12-01T15:14:33.349Z','2026-12-01T15:14:51.648Z','completed',1,'wgsl-recorded-step','gemma-2b','webgpu',64,64,10,1,1,NULL,'{"model":"gemma-2b","modelConfig":{"vocabSize":256000,"hidden":2048,"intermediate":16384,"layers":18,"heads":8,"kvHeads":1,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":64,"genLen":64,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":2,"variants":["wgsl-recorded-step","wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step","experiment":null,"noiseThresholdPct":1,"correction":"none","git":true,"stat":"robust","paired":true,"loadThreshold":100,"allowConcurrent":false,"weightsDtype":"bf16","queue":{"address":"127.0.0.1:6390","source":"/work/main","push":null,"variants":[{"name":"wgsl-recorded-step","runsAs":"wgsl-recorded-step","commit":"dc9f71803336cefd90aefdaee7c2070ed2bd637f","tree":"a42b6a80e82cac7ba8d1682320a01b27ca949ec5","branch":"lab/20261201-151431-e83e/wgsl-recorded-step"},{"name":"wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv","runsAs":"wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv","commit":"d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545","tree":"1243abaeda2b1174da8c13bd6fe74297ce0398ab","branch":"lab/20261201-151431-e83e/wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv"}]}}',594);
CREATE TABLE variants (
  id          INTEGER PRIMARY KEY,
  sweep_id    TEXT    NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL CHECK (length(name) > 0),
  description TEXT    NOT NULL DEFAULT '',
  is_baseline INTEGER NOT NULL CHECK (is_baseline IN (0, 1)),
  slots_json  TEXT    NOT NULL CHECK (json_valid(slots_json)),
  commit_sha  TEXT,
  branch      TEXT, startup_s REAL CHECK (startup_s IS NULL OR startup_s >= 0), load_s REAL CHECK (load_s IS NULL OR load_s >= 0), point_of TEXT CHECK (point_of IS NULL OR length(point_of) > 0),
  UNIQUE (sweep_id, name),
  UNIQUE (sweep_id, id)
) STRICT;
INSERT INTO variants VALUES(1,'20261201-151431-e83e','wgsl-recorded-step','Each single-token step replayed from launches recorded once (the lab''s WGSL kernels, bind groups made once; webgpu only), over wgsl-matvec''s [out, in] weights',1,'{"execution":"wgsl-recorded","prefill":"scan","generation":"on-device","qkvProjection":"separate","attentionCore":"in wgsl-recorded","groupMapping":"in wgsl-recorded","kvCache":"in wgsl-recorded","linear":"wgsl-matvec","norm":"in wgsl-recorded","rope":"in wgsl-recorded","mlpActivation":"in wgsl-recorded"}','dc9f71803336cefd90aefdaee7c2070ed2bd637f','lab/20261201-151431-e83e/wgsl-recorded-step',1.2498375264999999068,0.24596008449999992584,NULL);
INSERT INTO variants VALUES(2,'20261201-151431-e83e','wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-split8-paired and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-split-k8-paired-norms-folded","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-split-k8-paired-norms-folded","groupMapping":"in wgsl-recorded-split-k8-paired-norms-folded","kvCache":"in wgsl-recorded-split-k8-paired-norms-folded","linear":"wgsl-matvec","norm":"in wgsl-recorded-split-k8-paired-norms-folded","rope":"in wgsl-recorded-split-k8-paired-norms-folded","mlpActivation":"in wgsl-recorded-split-k8-paired-norms-folded"}','d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','lab/20261201-151431-e83e/wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv',1.350637804999999858,0.21235469450000005187,NULL);
CREATE TABLE samples (
  id         INTEGER PRIMARY KEY,
  sweep_id   TEXT    NOT NULL,
  variant_id INTEGER NOT NULL,
  round                   INTEGER NOT NULL CHECK (round >= 0),
  prefill_s               REAL    NOT NULL CHECK (prefill_s >= 0),
  generation_s            REAL    NOT NULL CHECK (generation_s >= 0),
  total_s                 REAL    NOT NULL CHECK (total_s >= 0),
  prefill_tokens_per_s    REAL    NOT NULL CHECK (prefill_tokens_per_s >= 0),
  generation_tokens_per_s REAL    NOT NULL CHECK (generation_tokens_per_s >= 0),
  peak_memory_bytes       INTEGER NOT NULL CHECK (peak_memory_bytes >= 0),
  harness_s               REAL    NOT NULL CHECK (harness_s >= 0),
  commit_sha              TEXT,
  recorded_at             TEXT    NOT NULL, process INTEGER CHECK (process IS NULL OR process >= 0), block INTEGER CHECK (block IS NULL OR block >= 0), foreign_cpu_s REAL CHECK (foreign_cpu_s IS NULL OR foreign_cpu_s >= 0), foreign_load REAL CHECK (foreign_load IS NULL OR foreign_load >= 0), load_flagged INTEGER NOT NULL DEFAULT 0 CHECK (load_flagged IN (0, 1)), superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)), grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0), device TEXT CHECK (device IS NULL OR length(device) > 0), sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0),
  FOREIGN KEY (sweep_id) REFERENCES sweeps (id) ON DELETE CASCADE,
  -- the variant must belong to the same sweep as the sample
  FOREIGN KEY (sweep_id, variant_id) REFERENCES variants (sweep_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO samples VALUES(1,'20261201-151431-e83e',2,0,0.15259923400000025006,0.14710336399999959788,0.29970259799999987571,419.39922188600172602,435.0682286232432716,5020781860,0.012833479999999286569,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:38.502Z',0,0,0.019164000000003511559,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r0.i0');
INSERT INTO samples VALUES(2,'20261201-151431-e83e',1,0,0.19316556300000001233,0.29369786700000033441,0.48686343000000031899,331.32199656105365192,217.91101397409852323,5020649764,0.013521691999999418953,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:39.004Z',0,0,0.0,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step.r0.i0');
INSERT INTO samples VALUES(3,'20261201-151431-e83e',1,1,0.19246011499999984839,0.2938413959999998104,0.48630151099999968655,332.53643228884101289,217.80457372997247488,5020649764,0.0095707940000011038073,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:39.501Z',0,1,0.10885400000000267084,0.21952022507085267033,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step.r1.i0');
INSERT INTO samples VALUES(4,'20261201-151431-e83e',2,1,0.15170269399999961046,0.14592590100000052411,0.29762859500000010681,421.87780791816499002,438.57875511763859321,5020781860,0.013609609999999550122,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:39.813Z',0,1,0.0,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r1.i0');
INSERT INTO samples VALUES(5,'20261201-151431-e83e',2,2,0.15060969799999929241,0.14601596500000049716,0.29662566299999981733,424.93943517501975293,438.30823567819987827,5020781860,0.0090484740000001395721,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:40.119Z',0,2,0.078741999999998313342,0.25760111984874378698,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r2.i0');
INSERT INTO samples VALUES(6,'20261201-151431-e83e',1,2,0.19442190199999914712,0.39269796000000040114,0.58711986199999954827,329.18101994496629459,162.97512724537691042,5020649764,0.01250759400000056587,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:40.719Z',0,2,0.059081000000000827299,0.09852951096355537508,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step.r2.i0');
INSERT INTO samples VALUES(7,'20261201-151431-e83e',2,3,0.15111909300000025968,0.16510432000000035968,0.31622341300000061936,423.50704156224583132,387.63370940263621377,5020781860,0.01894778900000071431,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:41.055Z',0,3,0.0,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r3.i0');
INSERT INTO samples VALUES(8,'20261201-151431-e83e',1,3,0.19266648899999927468,0.29251856800000042291,0.4851850569999996976,332.18023711430294043,218.78952996925619344,5020649764,0.0088876140000002101793,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:41.550Z',0,3,0.0092770000000026442421,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step.r3.i0');
INSERT INTO samples VALUES(9,'20261201-151431-e83e',2,4,0.15290967400000043951,0.14593834699999932991,0.29884802099999979718,418.54774996119482465,438.541351986125278,5020781860,0.011623246000001030697,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:41.861Z',0,4,0.068693999999998922589,0.22125718963873955424,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r4.i0');
INSERT INTO samples VALUES(10,'20261201-151431-e83e',1,4,0.19232565299999987429,0.2926155090000002179,0.4849411620000000922,332.76892084697635709,218.71704688079248058,5020649764,0.0083746559999990366485,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:42.355Z',0,4,0.0,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step.r4.i0');
INSERT INTO samples VALUES(11,'20261201-151431-e83e',1,5,0.19093652300000030219,0.29361769300000012394,0.48455421600000042614,335.18993115842954466,217.97051582991619511,5020649764,0.0084717559999990532659,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:48.072Z',1,5,0.019120000000000914042,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step.r5.i0');
INSERT INTO samples VALUES(12,'20261201-151431-e83e',2,5,0.15197644899999976364,0.14671059800000010864,0.29868704699999987228,421.11787991572367673,436.23297070876878933,5020781860,0.011370070000000398469,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:48.382Z',1,5,0.0094439999999966772747,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r5.i0');
INSERT INTO samples VALUES(13,'20261201-151431-e83e',2,6,0.15527946100000009077,0.14575190400000018198,0.30103136500000027275,412.16011176133565642,439.10232555178095024,5020781860,0.011606602999998827385,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:48.695Z',1,6,0.0194139999999993762,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r6.i0');
INSERT INTO samples VALUES(14,'20261201-151431-e83e',1,6,0.19374897999999940445,0.30426747000000070597,0.49801645000000005492,330.32431964287087566,210.34125008499873388,5020649764,0.014043637000001552017,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:49.208Z',1,6,0.0,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step.r6.i0');
INSERT INTO samples VALUES(15,'20261201-151431-e83e',2,7,0.16915116599999965862,0.14525712800000017965,0.31440829399999986604,378.35979209271386025,440.59799943173817383,5020781860,0.0079204279999985360838,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:49.531Z',1,7,0.039252000000001174839,0.12177630264051172992,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r7.i0');
INSERT INTO samples VALUES(16,'20261201-151431-e83e',1,7,0.19340696500000012503,0.29366984099999993151,0.48707680600000002879,330.90845513241964681,217.93181002880038477,5020649764,0.018604956000000116844,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:50.037Z',1,7,0.029021000000005514607,0.057389849072716818401,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step.r7.i0');
INSERT INTO samples VALUES(17,'20261201-151431-e83e',1,8,0.19306289999999989848,0.29324304799999934001,0.48630594799999926625,331.49818012678787227,218.2489932378555295,5020649764,0.012266622000001004,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:50.536Z',1,8,0.0,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step.r8.i0');
INSERT INTO samples VALUES(18,'20261201-151431-e83e',2,8,0.15128962700000012087,0.1456246300000002547,0.29691425700000034781,423.02966349437787132,439.48609517497067146,5020781860,0.008018550999997375861,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:50.842Z',1,8,0.019383999999998735574,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r8.i0');
INSERT INTO samples VALUES(19,'20261201-151431-e83e',2,9,0.15146881299999950809,0.14526510000000053546,0.2967339130000000158,422.52922388716552858,440.57381986450815246,5020781860,0.0074284899999984554952,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:51.146Z',1,9,0.029042999999999707938,0.095485174083135629374,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.r9.i0');
INSERT INTO samples VALUES(20,'20261201-151431-e83e',1,9,0.19347111100000075056,0.29373508899999978272,0.48720620000000053329,330.79874131699045847,217.88340037236764601,5020649764,0.01284433999999962106,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:51.647Z',1,9,0.0,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step.r9.i0');
CREATE TABLE warmups (
  id         INTEGER PRIMARY KEY,
  sweep_id   TEXT    NOT NULL,
  variant_id INTEGER NOT NULL,
  round                   INTEGER NOT NULL CHECK (round >= 0),
  prefill_s               REAL    NOT NULL CHECK (prefill_s >= 0),
  generation_s            REAL    NOT NULL CHECK (generation_s >= 0),
  total_s                 REAL    NOT NULL CHECK (total_s >= 0),
  prefill_tokens_per_s    REAL    NOT NULL CHECK (prefill_tokens_per_s >= 0),
  generation_tokens_per_s REAL    NOT NULL CHECK (generation_tokens_per_s >= 0),
  peak_memory_bytes       INTEGER NOT NULL CHECK (peak_memory_bytes >= 0),
  harness_s               REAL    NOT NULL CHECK (harness_s >= 0),
  commit_sha              TEXT,
  recorded_at             TEXT    NOT NULL, process INTEGER CHECK (process IS NULL OR process >= 0), block INTEGER CHECK (block IS NULL OR block >= 0), foreign_cpu_s REAL CHECK (foreign_cpu_s IS NULL OR foreign_cpu_s >= 0), foreign_load REAL CHECK (foreign_load IS NULL OR foreign_load >= 0), load_flagged INTEGER NOT NULL DEFAULT 0 CHECK (load_flagged IN (0, 1)), superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)), grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0), device TEXT CHECK (device IS NULL OR length(device) > 0), sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0),
  FOREIGN KEY (sweep_id) REFERENCES sweeps (id) ON DELETE CASCADE,
  -- the variant must belong to the same sweep as the sample
  FOREIGN KEY (sweep_id, variant_id) REFERENCES variants (sweep_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO warmups VALUES(1,'20261201-151431-e83e',2,0,0.16239759200000025707,0.33571741999999993311,0.49811501200000019018,394.09451342110969561,190.63651805735909761,5020781860,0.37316200199999915998,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:37.423Z',0,NULL,0.057816999999999119097,0.066358918083427323453,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.w0.i0');
INSERT INTO warmups VALUES(2,'20261201-151431-e83e',1,0,0.19566511200000014092,0.31646612800000001319,0.51213124000000020963,327.08948133788896938,202.23333348332303671,5020649764,0.25112748499999948403,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:38.188Z',0,NULL,0.00044799999999689532614,0.0,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p0.a1-413557.wgsl-recorded-step.w0.i0');
INSERT INTO warmups VALUES(3,'20261201-151431-e83e',1,0,0.2015125079999997848,0.327679478000000024,0.52919198599999983656,317.59815127704166569,195.31281113674137373,5020649764,0.28767704599999888159,'dc9f71803336cefd90aefdaee7c2070ed2bd637f','2026-12-01T15:14:46.860Z',1,NULL,0.097829999999995642667,0.11976216035570778906,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step.w0.i0');
INSERT INTO warmups VALUES(4,'20261201-151431-e83e',2,0,0.15999333200000001586,0.23175239999999985851,0.39174573199999984662,400.01667069475115566,276.15679492423828378,5020781860,0.32551656599999800878,'d7aab8212fea8a93eab1e1b2a2f6ba9d3e2c0545','2026-12-01T15:14:47.578Z',1,NULL,0.11943100000000139715,0.16650951866983779159,0,0,NULL,'vm gpu 0: WebGPU nvidia nvidia-h200','b0.p1.a1-92fb6e.wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv.w0.i0');
CREATE TABLE baselines (
  id              INTEGER PRIMARY KEY,
  promoted_at     TEXT    NOT NULL,
  variant         TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json      TEXT    NOT NULL CHECK (json_valid(slots_json)),
  source_sweep_id TEXT    REFERENCES sweeps (id) ON DELETE SET NULL,
  reset           INTEGER NOT NULL DEFAULT 0 CHECK (reset IN (0, 1))
) STRICT;
CREATE TABLE profiles (
  id               INTEGER PRIMARY KEY,
  created_at       TEXT    NOT NULL,
  variant          TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json       TEXT    NOT NULL CHECK (json_valid(slots_json)),
  model            TEXT    NOT NULL,
  backend          TEXT    NOT NULL,
  device           TEXT    NOT NULL,
  prompt_len       INTEGER NOT NULL CHECK (prompt_len > 0),
  gen_len          INTEGER NOT NULL CHECK (gen_len > 0),
  environment_json TEXT    NOT NULL CHECK (json_valid(environment_json)),
  result_json      TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE TABLE calibrations (
  id                   INTEGER PRIMARY KEY,
  created_at           TEXT    NOT NULL,
  machine              TEXT    NOT NULL CHECK (length(machine) > 0),
  backend              TEXT    NOT NULL,
  device               TEXT    NOT NULL,
  model                TEXT    NOT NULL,
  sweeps               INTEGER NOT NULL CHECK (sweeps >= 2),
  false_verdicts       INTEGER NOT NULL CHECK (false_verdicts >= 0 AND false_verdicts <= sweeps),
  false_verdict_rate   REAL    NOT NULL CHECK (false_verdict_rate >= 0 AND false_verdict_rate <= 1),
  rate_ci_low          REAL    NOT NULL,
  rate_ci_high         REAL    NOT NULL,
  noise_pct            REAL    NOT NULL CHECK (noise_pct >= 0),
  resolvable_pct       REAL,
  resolvable_budget_pct REAL,
  sweep_ids_json       TEXT    NOT NULL CHECK (json_valid(sweep_ids_json)),
  result_json          TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE TABLE variant_params (
  variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  name       TEXT    NOT NULL CHECK (length(name) > 0),
  value_json TEXT    NOT NULL CHECK (json_valid(value_json)),
  PRIMARY KEY (variant_id, name)
) STRICT;
INSERT INTO variant_params VALUES(1,'attention','"per-head"');
INSERT INTO variant_params VALUES(1,'keysPerSplit','32');
INSERT INTO variant_params VALUES(1,'tiling','"lanes"');
INSERT INTO variant_params VALUES(1,'normsInProducts','false');
INSERT INTO variant_params VALUES(1,'argmax','"baseline"');
INSERT INTO variant_params VALUES(1,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(2,'attention','"split-keys"');
INSERT INTO variant_params VALUES(2,'keysPerSplit','8');
INSERT INTO variant_params VALUES(2,'tiling','"paired"');
INSERT INTO variant_params VALUES(2,'normsInProducts','true');
INSERT INTO variant_params VALUES(2,'argmax','"baseline"');
INSERT INTO variant_params VALUES(2,'weightsDtype','"sweep"');
CREATE INDEX sweeps_by_created_at ON sweeps (created_at);
CREATE INDEX sweeps_by_status ON sweeps (status);
CREATE INDEX sweeps_by_environment ON sweeps (environment_id);
CREATE UNIQUE INDEX variants_one_baseline_per_sweep ON variants (sweep_id) WHERE is_baseline = 1;
CREATE INDEX samples_by_sweep_variant ON samples (sweep_id, variant_id, round);
CREATE INDEX warmups_by_sweep_variant ON warmups (sweep_id, variant_id, round);
CREATE INDEX baselines_by_promoted_at ON baselines (promoted_at);
CREATE INDEX profiles_by_variant_created_at ON profiles (variant, created_at);
CREATE INDEX samples_by_sweep_block ON samples (sweep_id, block);
CREATE INDEX calibrations_by_machine ON calibrations (machine, backend, device, created_at);
CREATE UNIQUE INDEX samples_by_key ON samples (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
CREATE UNIQUE INDEX warmups_by_key ON warmups (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
COMMIT;
