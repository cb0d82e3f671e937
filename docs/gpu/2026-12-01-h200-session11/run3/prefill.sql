PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT;
INSERT INTO schema_version VALUES(1,'environments, sweeps, variants, samples, warmups','2026-12-01T22:17:55.205Z');
INSERT INTO schema_version VALUES(2,'baselines: history of lab baseline promote/reset','2026-12-01T22:17:55.206Z');
INSERT INTO schema_version VALUES(3,'each variant''s start-up cost (process start + model build), kept apart from its samples; the pid that runs a sweep','2026-12-01T22:17:55.207Z');
INSERT INTO schema_version VALUES(4,'profiles: `lab profile` results (time by model part and by kernel, per phase)','2026-12-01T22:17:55.207Z');
INSERT INTO schema_version VALUES(5,'which worker process (0, 1, ...) of its variant measured each sample and warm-up (lab sweep --processes); NULL before','2026-12-01T22:17:55.208Z');
INSERT INTO schema_version VALUES(6,'paired rounds (samples.block), foreign load per sample and its re-runs, calibrations (`lab calibrate`)','2026-12-01T22:17:55.210Z');
INSERT INTO schema_version VALUES(7,'parameters: each variant''s parameter values (variant_params) and the parametrized variant it is a point of; the memory block of a grid each sample was measured in','2026-12-01T22:17:55.211Z');
INSERT INTO schema_version VALUES(8,'sweeps spread over devices: the device each sample ran on, and a key that makes a sample delivered twice land once','2026-12-01T22:17:55.212Z');
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
INSERT INTO environments VALUES(1,'0.1.0',NULL,NULL,'webgpu','WebGPU nvidia nvidia-h200','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db /tmp/tmp.oMm5rhchup/prefill.db','{"labVersion":"0.1.0","gitSha":null,"gitDirty":null,"sourceTree":null,"backend":"webgpu","device":"WebGPU nvidia nvidia-h200","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db /tmp/tmp.oMm5rhchup/prefill.db"}');
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
INSERT INTO sweeps VALUES('20261201-221752-b256','2026-12-01T22:17:55.212Z','2026-12-01T22:19:15.633Z','completed',1,'wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','gemma-2b','webgpu',1024,16,10,1,1,NULL,'{"model":"gemma-2b","modelConfig":{"vocabSize":256000,"hidden":2048,"intermediate":16384,"layers":18,"heads":8,"kvHeads":1,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":1024,"genLen":16,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":4,"variants":["wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv","parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv","experiment":null,"noiseThresholdPct":1,"correction":"none","git":false,"stat":"robust","paired":true,"loadThreshold":0.1,"allowConcurrent":false}',833);
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
INSERT INTO variants VALUES(1,'20261201-221752-b256','wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-shaped and wgsl-argmax-wide and fused-qkv',1,'{"execution":"wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.3499541850000000842,0.34272915874999992924,NULL);
INSERT INTO variants VALUES(2,'20261201-221752-b256','parallel-prefill+wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','combination of parallel-prefill and wgsl-recorded-step-shaped and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","prefill":"parallel","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.3366834779999998694,0.31469630574999996053,NULL);
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
INSERT INTO samples VALUES(1,'20261201-221752-b256',2,0,0.11575844399999914158,0.050691237000000000101,0.16644968099999915556,8846.006948745851332,315.63640871498165551,10212034796,0.047294230000002240865,NULL,'2026-12-01T22:17:59.828Z',0,0,0.031010999999990573883,0.14508483472069699793,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(2,'20261201-221752-b256',1,0,3.0571471920000004018,0.047242360000000191422,3.1043895520000006627,334.95279608375489032,338.67910070538255239,10068342948,0.016444981000000247206,NULL,'2026-12-01T22:18:02.949Z',0,0,0.086680000000010082317,0.027774622167067022221,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(3,'20261201-221752-b256',2,0,0.11456911799999942858,0.047256843000001026722,0.16182596100000046224,8937.8361104255436659,338.57530432152759657,10212034796,0.030978512999998208954,NULL,'2026-12-01T22:18:03.144Z',0,3,0.029226999999989899947,0.15158880597340340656,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(4,'20261201-221752-b256',1,0,3.0575956289999992598,0.046659944000000903863,3.1042555730000005453,334.90367080845936697,342.90654099369879759,10068342948,0.015217822999999075506,NULL,'2026-12-01T22:18:06.264Z',0,3,0.069321000000014620923,0.022222019937372348985,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(5,'20261201-221752-b256',2,0,0.11478675699999985049,0.05143362500000148163,0.16622038200000133212,8920.8897155270387886,311.08054312717678157,10212034796,0.033088532999998282457,NULL,'2026-12-01T22:18:06.465Z',0,4,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(6,'20261201-221752-b256',1,0,3.0568809970000003772,0.047904640999999172079,3.1047856379999991816,334.98196397077470009,333.99686681714774749,10068342948,0.009372027000001281749,NULL,'2026-12-01T22:18:09.580Z',0,4,0.35944299999997397776,0.11542222285009899607,1,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(7,'20261201-221752-b256',1,1,3.060891162000001664,0.047317076999999700681,3.1082082390000014271,334.54309408731580787,338.14430253162299777,10068342948,0.012959077000001428814,NULL,'2026-12-01T22:18:12.702Z',0,1,0.089265000000011696101,0.028599876572593076889,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(8,'20261201-221752-b256',2,1,0.11558289800000057234,0.05042009400000097008,0.16600299200000154242,8859.4421641858716615,317.33379949667869367,10212034796,0.043366161000001735015,NULL,'2026-12-01T22:18:12.912Z',0,1,0.019387000000012477585,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(9,'20261201-221752-b256',2,2,0.1158230670000011675,0.056907725000000936033,0.17273079200000210353,8841.0713558464976815,281.15690795932778201,10212034796,0.044537650999995098688,NULL,'2026-12-01T22:18:13.131Z',0,2,0.089363999999992671519,0.41130685508706765762,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(10,'20261201-221752-b256',1,2,3.0554746899999991605,0.047158812000001486264,3.1026335020000006537,335.13614213574135192,339.27911500398897715,10068342948,0.0088197760000001679259,NULL,'2026-12-01T22:18:16.243Z',0,2,0.029432999999997377926,0.0094595667587579861101,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(11,'20261201-221752-b256',2,2,0.12167682599999898873,0.046736370999999055086,0.16841319699999804382,8415.7356307108839247,342.34579317252348572,10212034796,0.026981417000002672068,NULL,'2026-12-01T22:18:16.439Z',0,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(12,'20261201-221752-b256',1,2,3.0570226800000019906,0.046601572999999917035,3.1036242530000017758,334.9664386526564499,343.33605005135831333,10068342948,0.0098627989999986453995,NULL,'2026-12-01T22:18:19.554Z',0,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(13,'20261201-221752-b256',2,3,0.11638688100000035841,0.047102649999999815499,0.16348953100000016003,8798.2424754556050171,339.68364837222668483,10212034796,0.043543771000003311799,NULL,'2026-12-01T22:18:27.185Z',1,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(14,'20261201-221752-b256',1,3,3.062876322000000151,0.046867221999998945336,3.1097435439999991935,334.32626470903250037,341.3899804003821714,10068342948,0.018636231999995089836,NULL,'2026-12-01T22:18:30.315Z',1,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(15,'20261201-221752-b256',2,4,0.11694180100000084454,0.051275394000000230898,0.16821719500000109626,8756.4924709855677066,312.04050816264674494,10212034796,0.03745884299999668876,NULL,'2026-12-01T22:18:30.521Z',1,7,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(16,'20261201-221752-b256',1,4,3.0604118400000008826,0.08199980899999900763,3.1424116489999995849,334.59549025924553689,195.12240571194737981,10068342948,0.053196769000003918392,NULL,'2026-12-01T22:18:33.718Z',1,7,0.039442999999996786186,0.012342876485687347132,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(17,'20261201-221752-b256',1,5,3.0634638409999999097,0.047035178000000087139,3.1104990189999996985,334.26214675533361742,340.17092483417349058,10068342948,0.016325149999999677419,NULL,'2026-12-01T22:18:43.980Z',2,8,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(18,'20261201-221752-b256',2,5,0.11613798700000006747,0.050307084999998551155,0.16644507199999861168,8817.097888910364418,318.04665287206483981,10212034796,0.060147000000000838682,NULL,'2026-12-01T22:18:44.207Z',2,8,0.049393000000012676764,0.21798203072176680628,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(19,'20261201-221752-b256',1,5,3.1509066799999998487,0.050352185000001555004,3.2012588650000015633,324.9858228108488447,317.76178134076019433,10068342948,0.012458018999999875831,NULL,'2026-12-01T22:18:47.422Z',2,11,0.019310000000004379216,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(20,'20261201-221752-b256',2,5,0.11639788099999895387,0.048471833999999942854,0.16486971499999891754,8797.4110112881626268,330.08860362081657057,10212034796,0.056189032000003857891,NULL,'2026-12-01T22:18:47.644Z',2,11,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(21,'20261201-221752-b256',2,6,0.11680020599999989261,0.04790116800000032704,0.16470137400000020577,8767.1078251351791553,334.02108274269829734,10212034796,0.048533562000000529668,NULL,'2026-12-01T22:18:47.859Z',2,9,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(22,'20261201-221752-b256',1,6,3.0770194099999987891,0.046588964000000489262,3.1236083739999993547,332.78958094060266147,343.42897171956502687,10068342948,0.0090046779999939374761,NULL,'2026-12-01T22:18:50.992Z',2,9,0.0094470000000157483555,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(23,'20261201-221752-b256',2,7,0.11431665300000168339,0.050094445999999154262,0.16441109900000083765,8957.5750612641259068,319.39668521337216588,10212034796,0.028012150999998985945,NULL,'2026-12-01T22:18:51.185Z',2,10,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(24,'20261201-221752-b256',1,7,3.061390518999998811,0.046597705000000134989,3.1079882239999987447,334.48852527788221777,343.3645498206392972,10068342948,0.012518316000003526511,NULL,'2026-12-01T22:18:54.307Z',2,10,0.13924199999998876364,0.044621601722388527788,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(25,'20261201-221752-b256',1,8,3.0617689470000004625,0.11263100999999915707,3.1743999569999994392,334.44718322175856428,142.05679235230260814,10068342948,0.056745368000005402819,NULL,'2026-12-01T22:19:05.356Z',3,12,0.05945100000001701801,0.018399358128535096834,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(26,'20261201-221752-b256',2,8,0.11645699099999910763,0.047740993999999772889,0.16419798499999888052,8792.9457150409107268,335.14174422091161887,10212034796,0.047134876000003711471,NULL,'2026-12-01T22:19:05.568Z',3,12,0.029427000000003644686,0.13924479070958720172,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(27,'20261201-221752-b256',1,8,3.0595463270000000655,0.04658921100000043558,3.1061355380000006398,334.69014375215243716,343.42715097707599625,10068342948,0.014655951999988037215,NULL,'2026-12-01T22:19:08.690Z',3,14,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(28,'20261201-221752-b256',2,8,0.11519171199999982124,0.046603579999999054928,0.16179529199999886923,8889.5284410739695887,343.32126416039977811,10212034796,0.041691767000007540211,NULL,'2026-12-01T22:19:08.894Z',3,14,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(29,'20261201-221752-b256',2,9,0.12171826300000065934,0.050855647000000316071,0.17257391000000096847,8412.8706305971063554,314.61599534855787397,10212034796,0.029265839999998211062,NULL,'2026-12-01T22:19:09.097Z',3,13,0.029558000000008632923,0.14644290829734357695,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(30,'20261201-221752-b256',1,9,3.0611636440000000725,0.10492596899999989679,3.1660896130000000248,334.51331555145048923,152.48846546273034618,10068342948,0.045967791999999452201,NULL,'2026-12-01T22:19:12.310Z',3,13,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(31,'20261201-221752-b256',2,9,0.11510141200000180428,0.047074830999999900393,0.16217624300000171855,8896.5025033748843267,339.88438535233473202,10212034796,0.041314927000006718138,NULL,'2026-12-01T22:19:12.514Z',3,15,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(32,'20261201-221752-b256',1,9,3.0608644629999979258,0.046644163000000841978,3.1075086259999991078,334.54601220609509937,343.02255568397083606,10068342948,0.010967778000001704441,NULL,'2026-12-01T22:19:15.633Z',3,15,0.059511999999994458221,0.019083678146052260315,0,0,NULL,NULL,NULL);
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
INSERT INTO warmups VALUES(1,'20261201-221752-b256',2,0,0.20404214400000000861,0.068340537999999922957,0.27238268199999993157,5018.571065397156417,234.12165704636416308,10212034796,0.22704893700000050582,NULL,'2026-12-01T22:17:55.715Z',0,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(2,'20261201-221752-b256',1,0,3.2561652069999995617,0.17457099999999992068,3.4307362069999993714,314.48035799861679606,91.653252831226311057,10068342948,0.46516488800000166392,NULL,'2026-12-01T22:17:59.612Z',0,NULL,0.078782000000007457174,0.020221765922424535244,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(3,'20261201-221752-b256',1,0,3.2281717830000000724,0.075220249999999391765,3.3033920329999997278,317.20740680298547431,212.70867884645596745,10068342948,0.12645804499999968584,NULL,'2026-12-01T22:18:26.430Z',1,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(4,'20261201-221752-b256',2,0,0.22140732599999954355,0.078194591999999826792,0.29960191799999941197,4624.9598805054993135,204.61773110856611879,10212034796,0.24705307899999845444,NULL,'2026-12-01T22:18:26.977Z',1,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(5,'20261201-221752-b256',2,0,0.18814209699999992486,0.061172923000000080373,0.2493150199999999983,5442.6947308873695873,261.55362888250374452,10212034796,0.20352226800000244866,NULL,'2026-12-01T22:18:37.482Z',2,NULL,0.019287999999999527744,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(6,'20261201-221752-b256',1,0,3.2171263690000002632,0.06417253100000015753,3.2812989000000003514,318.29648032082008058,249.32786272681002515,10068342948,0.088155771999999466004,NULL,'2026-12-01T22:18:40.852Z',2,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(7,'20261201-221752-b256',1,0,3.2494136650000000621,0.067029641999999514667,3.3164433069999996739,315.13377660397077306,238.70036483262308023,10068342948,0.11940222399999944613,NULL,'2026-12-01T22:19:01.673Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(8,'20261201-221752-b256',2,0,0.18748233900000013663,0.081812308999999916458,0.26929464800000002533,5461.8477957009017699,195.56959332366497506,10212034796,0.18139674900000229973,NULL,'2026-12-01T22:19:02.124Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
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
INSERT INTO variant_params VALUES(1,'attention','"kv-split"');
INSERT INTO variant_params VALUES(1,'keysPerSplit','8');
INSERT INTO variant_params VALUES(1,'tiling','"shaped"');
INSERT INTO variant_params VALUES(1,'normsInProducts','true');
INSERT INTO variant_params VALUES(1,'ropeInAttention','true');
INSERT INTO variant_params VALUES(1,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(1,'unroll','1');
INSERT INTO variant_params VALUES(1,'prefetchMiB','0');
INSERT INTO variant_params VALUES(1,'argmax','"baseline"');
INSERT INTO variant_params VALUES(1,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(2,'attention','"kv-split"');
INSERT INTO variant_params VALUES(2,'keysPerSplit','8');
INSERT INTO variant_params VALUES(2,'tiling','"shaped"');
INSERT INTO variant_params VALUES(2,'normsInProducts','true');
INSERT INTO variant_params VALUES(2,'ropeInAttention','true');
INSERT INTO variant_params VALUES(2,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(2,'unroll','1');
INSERT INTO variant_params VALUES(2,'prefetchMiB','0');
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
