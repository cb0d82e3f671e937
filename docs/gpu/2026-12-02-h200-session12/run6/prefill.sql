PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT;
INSERT INTO schema_version VALUES(1,'environments, sweeps, variants, samples, warmups','2026-12-02T01:24:45.662Z');
INSERT INTO schema_version VALUES(2,'baselines: history of lab baseline promote/reset','2026-12-02T01:24:45.663Z');
INSERT INTO schema_version VALUES(3,'each variant''s start-up cost (process start + model build), kept apart from its samples; the pid that runs a sweep','2026-12-02T01:24:45.665Z');
INSERT INTO schema_version VALUES(4,'profiles: `lab profile` results (time by model part and by kernel, per phase)','2026-12-02T01:24:45.665Z');
INSERT INTO schema_version VALUES(5,'which worker process (0, 1, ...) of its variant measured each sample and warm-up (lab sweep --processes); NULL before','2026-12-02T01:24:45.666Z');
INSERT INTO schema_version VALUES(6,'paired rounds (samples.block), foreign load per sample and its re-runs, calibrations (`lab calibrate`)','2026-12-02T01:24:45.669Z');
INSERT INTO schema_version VALUES(7,'parameters: each variant''s parameter values (variant_params) and the parametrized variant it is a point of; the memory block of a grid each sample was measured in','2026-12-02T01:24:45.670Z');
INSERT INTO schema_version VALUES(8,'sweeps spread over devices: the device each sample ran on, and a key that makes a sample delivered twice land once','2026-12-02T01:24:45.671Z');
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
INSERT INTO environments VALUES(1,'0.1.0',NULL,NULL,'webgpu','WebGPU nvidia nvidia-h200','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep parallel-prefill+wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db /tmp/tmp.kJbd3mGNEt/prefill.db','{"labVersion":"0.1.0","gitSha":null,"gitDirty":null,"sourceTree":null,"backend":"webgpu","device":"WebGPU nvidia nvidia-h200","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep parallel-prefill+wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db /tmp/tmp.kJbd3mGNEt/prefill.db"}');
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
INSERT INTO sweeps VALUES('20261202-012442-bc04','2026-12-02T01:24:45.671Z','2026-12-02T01:25:53.606Z','completed',1,'wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv','gemma-2b','webgpu',1024,16,10,1,1,NULL,'{"model":"gemma-2b","modelConfig":{"vocabSize":256000,"hidden":2048,"intermediate":16384,"layers":18,"heads":8,"kvHeads":1,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":1024,"genLen":16,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":4,"variants":["wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv","parallel-prefill+wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv","experiment":null,"noiseThresholdPct":1,"correction":"none","git":false,"stat":"robust","paired":true,"loadThreshold":0.1,"allowConcurrent":false}',971);
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
INSERT INTO variants VALUES(1,'20261202-012442-bc04','wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-shaped@keysPerSplit=16 and wgsl-argmax-wide and fused-qkv',1,'{"execution":"wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.3212054675000000081,0.32962367224999999937,NULL);
INSERT INTO variants VALUES(2,'20261202-012442-bc04','parallel-prefill+wgsl-recorded-step-shaped@keysPerSplit=16+wgsl-argmax-wide+fused-qkv','combination of parallel-prefill and wgsl-recorded-step-shaped@keysPerSplit=16 and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","prefill":"parallel","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.4764827970000000689,0.3530181959999999508,NULL);
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
INSERT INTO samples VALUES(1,'20261202-012442-bc04',2,0,0.11168623300000035669,0.064224951999999571605,0.17591118499999994218,9168.5427334629221148,249.1243590185961807,10211498156,0.032730749999999697585,NULL,'2026-12-02T01:24:50.332Z',0,0,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(2,'20261202-012442-bc04',1,0,3.0569353049999992144,0.047313552999999959614,3.1042488579999991671,334.97601284695826962,338.16948813799746177,10067806308,0.020128192000000044714,NULL,'2026-12-02T01:24:53.458Z',0,0,0.19896399999998060081,0.063681174460035364082,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(3,'20261202-012442-bc04',1,1,3.0554235060000007884,0.047233870000000025002,3.1026573760000011326,335.14175628653413241,338.73997620775071482,10067806308,0.016031994999999188422,NULL,'2026-12-02T01:24:56.578Z',0,1,0.078967000000014664351,0.02532057239631213541,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(4,'20261202-012442-bc04',2,1,0.11082069299999966482,0.046776174999999059478,0.1575968679999987243,9240.1515662783585865,342.05447538197216771,10211498156,0.033359868000001374754,NULL,'2026-12-02T01:24:56.770Z',0,1,0.0092939999999934741481,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(5,'20261202-012442-bc04',2,2,0.11309822199999870762,0.052586713000000596951,0.16568493499999931151,9054.0769067086803263,304.25936681001184069,10211498156,0.040270507999999621828,NULL,'2026-12-02T01:24:56.977Z',0,2,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(6,'20261202-012442-bc04',1,2,3.0544654489999993884,0.046420829000000593533,3.1008862779999999403,335.24687612205502772,344.67286226189099806,10067806308,0.014238211000001665951,NULL,'2026-12-02T01:25:00.093Z',0,2,0.20927500000000520685,0.067180300735649053911,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(7,'20261202-012442-bc04',2,3,0.1319775440000003075,0.052217512999999597667,0.1841950569999999121,7758.8957103187012761,306.41060978909746381,10211498156,0.046576792000000755145,NULL,'2026-12-02T01:25:08.049Z',1,3,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(8,'20261202-012442-bc04',1,3,3.1402194650000008202,0.048839201999999207193,3.1890586670000002911,326.09185804152059518,327.60568037127757179,10067806308,0.011998762000000162686,NULL,'2026-12-02T01:25:11.251Z',1,3,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(9,'20261202-012442-bc04',2,4,0.11047634100000140733,0.049862495999999735529,0.1603388370000011498,9268.9528882929516839,320.8824524147383954,10211498156,0.052611585999997267926,NULL,'2026-12-02T01:25:11.465Z',1,4,0.019557000000000712702,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(10,'20261202-012442-bc04',1,4,3.0537667390000007294,0.046822373999999396254,3.1005891129999998412,335.32358150423868892,341.71697488043230349,10067806308,0.013947837000001683804,NULL,'2026-12-02T01:25:14.580Z',1,4,0.10948099999999705289,0.035151613789650815178,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(11,'20261202-012442-bc04',1,5,3.0634065200000004658,0.047348393000000217611,3.1107549130000005099,334.26840130901069869,337.92065551200283835,10067806308,0.018979900000002380977,NULL,'2026-12-02T01:25:25.375Z',2,5,0.07850100000000459488,0.025082316774550483112,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(12,'20261202-012442-bc04',2,5,0.11190630099999906987,0.060204841000000668127,0.17211114199999974494,9150.5124452286963785,265.75935978304175933,10211498156,0.047921086999996975741,NULL,'2026-12-02T01:25:25.596Z',2,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(13,'20261202-012442-bc04',2,6,0.11284569700000066094,0.047095069999999399079,0.15994076700000003921,9074.3380316929051331,339.73832080513318488,10211498156,0.049774384000003918382,NULL,'2026-12-02T01:25:25.807Z',2,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(14,'20261202-012442-bc04',1,6,3.1445000180000004519,0.048489888000000064272,3.1929899060000006549,325.64795488578045024,329.96570336479180696,10067806308,0.010375069000003289687,NULL,'2026-12-02T01:25:29.011Z',2,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(15,'20261202-012442-bc04',2,7,0.11171512199999961145,0.062551652000000110276,0.17426677399999970785,9166.1717918546746662,255.78860810902278898,10211498156,0.045859248999997381801,NULL,'2026-12-02T01:25:29.232Z',2,7,0.029466000000002878778,0.13385968454989652376,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(16,'20261202-012442-bc04',1,7,3.0599712920000001759,0.046423227000001135444,3.1063945190000015195,334.64366240204583391,344.65505812423612042,10067806308,0.016432036999998622661,NULL,'2026-12-02T01:25:32.356Z',2,7,0.039468000000006497884,0.01263855013791118087,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(17,'20261202-012442-bc04',2,7,0.11131024600000091751,0.046660184999997002253,0.15797043099999791282,9199.512504895476013,342.90476988038147965,10211498156,0.035849480000000766288,NULL,'2026-12-02T01:25:32.551Z',2,8,0.03943999999999192596,0.20348786559907250381,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(18,'20261202-012442-bc04',1,7,3.0621766179999996282,0.046456111999999848138,3.108632729999999178,334.4026578939804608,344.41108631734078926,10067806308,0.010733112000000044616,NULL,'2026-12-02T01:25:35.671Z',2,8,0.019424000000011432121,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(19,'20261202-012442-bc04',2,7,0.11114051699999981381,0.048582824000000982,0.15972334100000079581,9213.5616032810230538,329.33449895789664197,10211498156,0.041177873999997255394,NULL,'2026-12-02T01:25:35.873Z',2,9,0.0094559999999965782535,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(20,'20261202-012442-bc04',1,7,3.0604747510000014365,0.048209332999998875946,3.1086840840000005137,334.58861232735569047,331.88594415940940508,10067806308,0.010852378000003159996,NULL,'2026-12-02T01:25:38.994Z',2,9,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(21,'20261202-012442-bc04',1,8,3.0617854620000009013,0.046646979999999532706,3.1084324420000002398,334.44537924323049081,343.00184063363076346,10067806308,0.018374916999998269773,NULL,'2026-12-02T01:25:49.935Z',3,10,0.069317000000005180027,0.022168618671210314069,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(22,'20261202-012442-bc04',2,8,0.11193619600000057068,0.06696086199999991273,0.17889705800000046953,9148.0686015093342572,238.94555001397714021,10211498156,0.044595199999997919837,NULL,'2026-12-02T01:25:50.160Z',3,10,0.019370999999999582996,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(23,'20261202-012442-bc04',2,9,0.11249200899999960145,0.047067476000000170455,0.15955948499999977885,9102.8688091080639426,339.9374973920407683,10211498156,0.053118692000009098963,NULL,'2026-12-02T01:25:50.373Z',3,11,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(24,'20261202-012442-bc04',1,9,3.1257386879999993212,0.090827983000001041857,3.21656667100000071,327.60256125415440919,176.15716513268623089,10067806308,0.015280740000009007673,NULL,'2026-12-02T01:25:53.606Z',3,11,0.05947999999999886711,0.018404334250915130311,0,0,NULL,NULL,NULL);
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
INSERT INTO warmups VALUES(1,'20261202-012442-bc04',2,0,0.22589515300000040376,0.084483993999999715263,0.31037914700000007739,4533.0764578202270057,189.3849857524498077,10211498156,0.2549707819999999514,NULL,'2026-12-02T01:24:46.240Z',0,NULL,0.029208999999984719408,0.051665346543246344623,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(2,'20261202-012442-bc04',1,0,3.2363624820000005399,0.16492951799999991391,3.401292000000000204,316.40460723892419991,97.011136599574669505,10067806308,0.47929494799999972087,NULL,'2026-12-02T01:24:50.122Z',0,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(3,'20261202-012442-bc04',1,0,3.2035312469999999152,0.075991541000000328853,3.2795227880000004105,319.64726454875125227,210.54975053078513269,10067806308,0.11271343799999700152,NULL,'2026-12-02T01:25:07.351Z',1,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(4,'20261202-012442-bc04',2,0,0.20379635599999984529,0.081520317999999855618,0.28531667399999971479,5024.6236983746694021,196.27008815152106536,10211498156,0.18008101900000289541,NULL,'2026-12-02T01:25:07.817Z',1,NULL,0.01932299999998932094,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(5,'20261202-012442-bc04',2,0,0.22794511499999997594,0.077296812000000048037,0.30524192700000002398,4492.3094754629864836,206.99430656984910115,10211498156,0.24247101299999757051,NULL,'2026-12-02T01:25:18.821Z',2,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(6,'20261202-012442-bc04',1,0,3.2362382900000001839,0.072533539000000021856,3.3087718290000003307,316.41674939826509671,220.5876098228158355,10067806308,0.11442911600000371663,NULL,'2026-12-02T01:25:22.245Z',2,NULL,0.019437999999977861875,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(7,'20261202-012442-bc04',1,0,3.2821594410000001218,0.095139533999999914559,3.3772989749999999808,311.9897184787617448,168.17404213899149567,10067806308,0.14271451800000578558,NULL,'2026-12-02T01:25:46.228Z',3,NULL,0.099332999999994342488,0.028219494100670535624,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(8,'20261202-012442-bc04',2,0,0.23304090199999974442,0.083638914000000119663,0.31667981599999983632,4394.0784266274467879,191.29851446899439793,10211498156,0.2619938510000029419,NULL,'2026-12-02T01:25:46.807Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
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
INSERT INTO variant_params VALUES(1,'keysPerSplit','16');
INSERT INTO variant_params VALUES(1,'tiling','"shaped"');
INSERT INTO variant_params VALUES(1,'normsInProducts','true');
INSERT INTO variant_params VALUES(1,'ropeInAttention','true');
INSERT INTO variant_params VALUES(1,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(1,'unroll','1');
INSERT INTO variant_params VALUES(1,'prefetchMiB','0');
INSERT INTO variant_params VALUES(1,'combineChunk','16');
INSERT INTO variant_params VALUES(1,'argmax','"baseline"');
INSERT INTO variant_params VALUES(1,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(2,'attention','"kv-split"');
INSERT INTO variant_params VALUES(2,'keysPerSplit','16');
INSERT INTO variant_params VALUES(2,'tiling','"shaped"');
INSERT INTO variant_params VALUES(2,'normsInProducts','true');
INSERT INTO variant_params VALUES(2,'ropeInAttention','true');
INSERT INTO variant_params VALUES(2,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(2,'unroll','1');
INSERT INTO variant_params VALUES(2,'prefetchMiB','0');
INSERT INTO variant_params VALUES(2,'combineChunk','16');
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
