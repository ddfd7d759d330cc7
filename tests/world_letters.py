"""One short invented letter in each language an EU archive meets beyond the official 24: shared test data.

Cyrillic (ru, uk, kk, be, sr, mk), Turkish, Arabic, Hebrew, Chinese, Japanese, Korean and the
Latin-script languages of Europe that are not EU-official (ca, eu, gl, no, is, sq, bs, lb); Serbian
twice, in Cyrillic and in Latin script, and Norwegian in Bokmål and Nynorsk. Each letter follows the
customs of its language where they differ from the European pattern (a Chinese letter closes with
'此致' / '敬礼！' and dates itself under the signature; a Korean one greets '... 교수님께' and signs
'... 드림'). All letters, names, offices and addresses are invented. The shape is that of
``eu_letters.Case``: head (letterhead, dateline, inside address), salutation, two body paragraphs,
close, signature; ``tail`` holds what follows the signature (a dateline in CJK letters).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorldCase:
    #: a name for the case ('sr-Latn'); its language code is the part before any '-'
    key: str
    #: letterhead, dateline and inside address (blocks separated by blank lines); the dateline may be
    #: in ``tail`` instead
    head: str
    salutation: str
    body: tuple[str, str]
    closing: str
    #: signature lines: the name first, then the role
    signature: str
    date: str
    signatory: str
    #: lines after the signature (a Chinese or Korean letter's date)
    tail: str = ""
    #: the ISO 639-1 code the identifier should give, when not the key's ('nn' for Nynorsk)
    code: str = ""

    @property
    def lang(self) -> str:
        return self.key.split("-")[0]

    @property
    def language(self) -> str:
        return self.code or self.lang

    @property
    def closing_read(self) -> str:
        """The close as the reader gives it: a close over two lines ('此致' / '敬礼！') joined by a space."""
        return " ".join(self.closing.split("\n"))

    def text(self) -> str:
        parts = [self.head.strip(), self.salutation, *self.body, self.closing, self.signature.strip()]
        if self.tail.strip():
            parts.append(self.tail.strip())
        return "\n\n".join(parts) + "\n"


CASES = [
    WorldCase(
        "ru",
        """
ООО «Сибирские технологии»
ул. Красный проспект, 42
630099 Новосибирск

Новосибирск, 12 мая 2023 г.

Исх. № 118/23

Генеральному директору АО «Северный порт»
г-ну Иванову Ивану Петровичу
""",
        "Уважаемый Иван Петрович!",
        (
            "Благодарим Вас за письмо от 3 мая 2023 года и за интерес к нашему предложению о поставке "
            "складского оборудования. Мы внимательно изучили ваши замечания к проекту договора.",
            "Предлагаем провести встречу на следующей неделе, чтобы согласовать сроки и порядок оплаты. "
            "Просим сообщить удобное для вас время, и наши специалисты подготовят все документы.",
        ),
        "С уважением,",
        """
Сергей Николаевич Кузнецов
Коммерческий директор
""",
        "2023-05-12",
        "Сергей Николаевич Кузнецов",
    ),
    WorldCase(
        "uk",
        """
Львівська обласна бібліотека для дітей
вул. Листопадового Чину, 8
79000 Львів

Львів, 12 травня 2023 р.

Пані Олені Коваленко
директорці видавництва «Зелений клен»
""",
        "Шановна пані Олено!",
        (
            "Щиро дякуємо Вам за книжки, які видавництво передало нашій бібліотеці минулого місяця. "
            "Діти вже із задоволенням читають нові казки та енциклопедії.",
            "Ми хотіли б запросити авторів видавництва на зустріч з читачами в червні. Будемо вдячні, "
            "якщо Ви повідомите, які дати були б для них зручними.",
        ),
        "З повагою,",
        """
Марія Петренко
директорка бібліотеки
""",
        "2023-05-12",
        "Марія Петренко",
    ),
    WorldCase(
        "kk",
        """
«Дала Агро» жауапкершілігі шектеулі серіктестігі
Абай даңғылы, 17
010000 Астана

Астана, 2023 жылғы 12 мамыр

«Жасыл алқап» кооперативінің төрағасы
Серік Әбенұлы Жақсылықовқа
""",
        "Құрметті Серік Әбенұлы!",
        (
            "Сіздің сәуір айындағы хатыңыз үшін алғыс айтамыз. Біз кооперативтің тұқым сатып алу "
            "туралы ұсынысын мұқият қарап шықтық және оны қолдауға дайынбыз.",
            "Келесі аптада кездесу өткізіп, шарттың барлық талаптарын бірге талқылауды ұсынамыз. "
            "Өзіңізге ыңғайлы күнді хабарласаңыз, біз қажетті құжаттарды дайындаймыз.",
        ),
        "Құрметпен,",
        """
Айгүл Нұрланқызы Бекова
коммерциялық директор
""",
        "2023-05-12",
        "Айгүл Нұрланқызы Бекова",
    ),
    WorldCase(
        "be",
        """
Гродзенскі краязнаўчы музей
вул. Замкавая, 20
230023 Гродна

Гродна, 12 мая 2023 г.

Спадару Андрэю Карповічу
старшыні таварыства «Спадчына»
""",
        "Паважаны спадар Андрэй!",
        (
            "Шчыра дзякуем вам за старыя фотаздымкі і лісты, якія таварыства перадало музею ў "
            "красавіку. Яны ўжо апісаныя і будуць паказаныя на летняй выставе.",
            "Мы хацелі б запрасіць членаў таварыства на адкрыццё выставы ў чэрвені. Просім паведаміць, "
            "колькі чалавек змогуць прыйсці, каб мы падрыхтавалі запрашэнні.",
        ),
        "З павагай,",
        """
Наталля Сідарэвіч
дырэктар музея
""",
        "2023-05-12",
        "Наталля Сідарэвіч",
    ),
    WorldCase(
        "sr-Cyrl",
        """
Градска библиотека „Вук Караџић“
Кнез Михаилова 12
11000 Београд

Београд, 12. маја 2023. године

Господину Милошу Јовановићу
директору издавачке куће „Ласта“
""",
        "Поштовани господине Јовановићу,",
        (
            "захваљујемо Вам на књигама које је Ваша издавачка кућа поклонила нашој библиотеци прошлог "
            "месеца. Наши читаоци их већ радо позајмљују.",
            "Желели бисмо да позовемо Ваше ауторе на књижевно вече у јуну. Биће нам драго ако нам "
            "јавите који датуми би им одговарали.",
        ),
        "С поштовањем,",
        """
Јелена Петровић
управница библиотеке
""",
        "2023-05-12",
        "Јелена Петровић",
    ),
    WorldCase(
        "sr-Latn",
        """
Opština Novi Sad
Trg slobode 1
21000 Novi Sad

Novi Sad, 12. maj 2023.

Gospodinu Nikoli Đorđeviću
predsedniku Udruženja pčelara
""",
        "Poštovani gospodine Đorđeviću,",
        (
            "zahvaljujemo Vam na pismu od 28. aprila i na predlogu da se u gradskim parkovima posade "
            "medonosne biljke. Gradsko veće je predlog razmotrilo i podržalo.",
            "Pozivamo predstavnike Udruženja na sastanak u junu, na kome bismo dogovorili izbor biljaka "
            "i mesta za sadnju. Molimo Vas da nam javite koji termin Vam odgovara.",
        ),
        "S poštovanjem,",
        """
Dragana Ilić
načelnica Gradske uprave za zaštitu životne sredine
""",
        "2023-05-12",
        "Dragana Ilić",
    ),
    WorldCase(
        "mk",
        """
Музеј на град Охрид
ул. Самуилова 10
6000 Охрид

Охрид, 12 мај 2023 година

До господинот Горан Стојановски
претседател на Здружението „Стара чаршија“
""",
        "Почитуван господине Стојановски,",
        (
            "Ви благодариме за писмото од април и за старите фотографии што Здружението ги подари на "
            "музејот. Тие веќе се опишани и ќе бидат изложени во летото.",
            "Би сакале да ги поканиме членовите на Здружението на отворањето на изложбата во јуни. "
            "Ве молиме да ни јавите колку луѓе ќе дојдат.",
        ),
        "Со почит,",
        """
Ана Трајковска
директорка на музејот
""",
        "2023-05-12",
        "Ана Трајковска",
    ),
    WorldCase(
        "tr",
        """
Ege Zeytincilik A.Ş.
Atatürk Caddesi No: 45
35210 Konak / İzmir

İzmir, 12 Mayıs 2023

Sayın Mehmet Yılmaz
Yılmaz Gıda Ltd. Şti. Genel Müdürü
""",
        "Sayın Mehmet Bey,",
        (
            "3 Mayıs tarihli mektubunuz ve zeytinyağı siparişiniz için teşekkür ederiz. Talep ettiğiniz "
            "ürünlerin tamamı stoklarımızda bulunmaktadır ve gelecek hafta gönderilecektir.",
            "Ödeme koşulları ve teslimat tarihi hakkında ayrıntılı bilgiyi ekte sunuyoruz. Herhangi bir "
            "sorunuz olursa bizimle iletişime geçmekten çekinmeyiniz.",
        ),
        "Saygılarımla,",
        """
Ayşe Demir
Satış Müdürü
""",
        "2023-05-12",
        "Ayşe Demir",
    ),
    WorldCase(
        "ar",
        """
شركة النيل للتجارة والتوزيع
شارع التحرير ١٥
القاهرة

القاهرة في ١٢ مايو ٢٠٢٣م

السيد الدكتور أحمد محمود
مدير عام شركة الأمل للصناعات الغذائية
""",
        "السيد الدكتور أحمد محمود المحترم،",
        (
            "نشكركم على رسالتكم المؤرخة في الثالث من مايو بشأن توريد المواد الخام لمصنعكم الجديد. "
            "وقد درسنا طلبكم بعناية ويسعدنا أن نؤكد استعدادنا لتلبية جميع احتياجاتكم.",
            "نقترح عقد اجتماع في الأسبوع القادم لمناقشة شروط العقد ومواعيد التسليم. نرجو أن تبلغونا "
            "بالموعد الذي يناسبكم حتى نعد الوثائق اللازمة.",
        ),
        "وتفضلوا بقبول فائق الاحترام والتقدير،",
        """
خالد عبد الرحمن
مدير المبيعات
""",
        "2023-05-12",
        "خالد عبد الرحمن",
    ),
    WorldCase(
        "he",
        """
עיריית חיפה
שדרות הנשיא 14
חיפה 3409601

חיפה, 12 במאי 2023

לכבוד
מר דוד כהן
יושב ראש ועד השכונה
""",
        "שלום רב,",
        (
            "אנו מודים לך על מכתבך מחודש אפריל בעניין שיפוץ הגן הציבורי ברחוב הזית. הנושא נבדק על "
            "ידי מחלקת הגנים והעירייה החליטה לכלול את השיפוץ בתוכנית העבודה של השנה.",
            "נשמח לקיים פגישה עם נציגי הוועד בחודש יוני כדי להציג את התוכנית ולשמוע את הערותיכם. אנא "
            "הודיעו לנו איזה מועד נוח לכם.",
        ),
        "בברכה,",
        """
יעל לוי
מנהלת אגף שפ״ע
""",
        "2023-05-12",
        "יעל לוי",
    ),
    WorldCase(
        "zh",
        """
北京华信科技有限公司
北京市海淀区中关村大街27号

上海明远贸易有限公司
王伟 总经理
""",
        "尊敬的王总经理：",
        (
            "您好！感谢贵公司五月三日的来函以及对我公司产品的关注。我们已经认真研究了贵公司提出的合作方案，"
            "并同意在上海设立联合销售中心。",
            "为了尽快落实合作事宜，我们建议下周在北京举行会谈，商定合同的具体条款。请您告知方便的时间，"
            "我们将提前准备好相关资料。",
        ),
        "此致\n敬礼！",
        """
李明
北京华信科技有限公司 市场部经理
""",
        "2023-05-12",
        "李明",
        tail="2023年5月12日",
    ),
    WorldCase(
        "ja",
        """
株式会社さくら精機
〒530-0001 大阪市北区梅田1-2-3

令和5年5月12日

東都商事株式会社
営業部長 山田太郎様
""",
        "拝啓",
        (
            "新緑の候、貴社ますますご清栄のこととお慶び申し上げます。先日はお忙しいところ弊社工場を"
            "ご見学いただき、誠にありがとうございました。",
            "ご依頼いただきました部品の見積書を同封いたしますので、ご検討のほどよろしくお願い申し上げます。"
            "ご不明な点がございましたら、お気軽にお問い合わせください。",
        ),
        "敬具",
        """
佐藤花子
営業課長
""",
        "2023-05-12",
        "佐藤花子",
    ),
    WorldCase(
        "ko",
        """
주식회사 한빛소프트
서울특별시 중구 세종대로 110

한국대학교 컴퓨터공학과
""",
        "김민수 교수님께",
        (
            "안녕하십니까. 지난달 보내 주신 공동 연구 제안서를 잘 받아 보았습니다. 저희 연구소에서는 "
            "교수님의 제안을 신중하게 검토하였으며 공동 연구를 진행하기로 결정하였습니다.",
            "다음 주 중에 회의 일정을 잡고자 하오니 편하신 시간을 알려 주시기 바랍니다. 필요한 자료는 "
            "저희가 미리 준비하겠습니다.",
        ),
        "감사합니다.",
        """
이서연 드림
연구기획팀장
""",
        "2023-05-12",
        "이서연",
        tail="2023년 5월 12일",
    ),
    WorldCase(
        "ca",
        """
Ajuntament de Girona
Plaça del Vi, 1
17004 Girona

Girona, 12 de maig de 2023

Sra. Montserrat Puig i Vidal
Presidenta de l'Associació de Veïns del Barri Vell
""",
        "Benvolguda senyora Puig,",
        (
            "Us agraïm la carta del 3 d'abril en què ens proposàveu de millorar l'enllumenat dels carrers "
            "del barri. L'Àrea d'Urbanisme ha estudiat la proposta amb molt d'interès.",
            "Ens agradaria convidar-vos a una reunió el mes de juny per presentar-vos el projecte i "
            "escoltar els vostres suggeriments. Us preguem que ens indiqueu quin dia us va bé.",
        ),
        "Atentament,",
        """
Jordi Casals i Ferrer
Regidor d'Urbanisme
""",
        "2023-05-12",
        "Jordi Casals i Ferrer",
    ),
    WorldCase(
        "eu",
        """
Bilboko Udala
Ernesto Erkoreka plaza, 1
48007 Bilbo

Bilbon, 2023ko maiatzaren 12an

Miren Etxeberria andrea
Auzo Elkartearen lehendakaria
""",
        "Agurgarri Miren Etxeberria andrea:",
        (
            "Eskerrik asko apirilean bidali zenigun gutunagatik eta auzoko parkea berritzeko "
            "proposamenagatik. Udalak arretaz aztertu du proposamena eta oso interesgarria iruditu zaio.",
            "Ekainean bilera bat egitea proposatzen dizuegu, proiektua aurkezteko eta zuen iritziak "
            "entzuteko. Mesedez, jakinarazi iezaguzue zein egun datorkizuen ondo.",
        ),
        "Adeitasunez,",
        """
Iker Agirre Zubiri
Hirigintza zinegotzia
""",
        "2023-05-12",
        "Iker Agirre Zubiri",
    ),
    WorldCase(
        "gl",
        """
Concello de Lugo
Praza Maior, 1
27001 Lugo

Lugo, 12 de maio de 2023

Sr. Xosé Manuel Vázquez Rial
Presidente da Asociación Veciñal da Milagrosa
""",
        "Estimado señor Vázquez:",
        (
            "Agradecémoslle a súa carta do 3 de abril na que nos propuña mellorar a iluminación das rúas "
            "do barrio. A Concellería de Urbanismo estudou a proposta con moito interese.",
            "Gustaríanos convidalo a unha reunión no mes de xuño para presentarlle o proxecto e escoitar "
            "as súas suxestións. Pregámoslle que nos indique que día lle vén mellor.",
        ),
        "Atentamente,",
        """
Uxía Fernández Castro
Concelleira de Urbanismo
""",
        "2023-05-12",
        "Uxía Fernández Castro",
    ),
    WorldCase(
        "no-nb",
        """
Bergen kommune
Rådhusgaten 10
5014 Bergen

Bergen, 12. mai 2023

Hr. Ola Nordmann
Leder for Sandviken velforening
""",
        "Kjære Ola Nordmann,",
        (
            "Takk for brevet ditt av 3. april om belysningen i parken ved Sandviken. Etaten for "
            "byutvikling har sett nærmere på forslaget og synes det er godt begrunnet.",
            "Vi vil gjerne invitere styret i velforeningen til et møte i juni for å presentere planene og "
            "høre deres synspunkter. Gi oss beskjed om hvilken dag som passer best.",
        ),
        "Med vennlig hilsen",
        """
Kari Hansen
Byråd for byutvikling
""",
        "2023-05-12",
        "Kari Hansen",
    ),
    WorldCase(
        "no-nn",
        """
Volda kommune
Stormyrvegen 15
6100 Volda

Volda, 12. mai 2023

Ingrid Bakke
Leiar i Volda mållag
""",
        "Kjære Ingrid Bakke,",
        (
            "Takk for brevet ditt frå april om skiltinga i sentrum. Kommunen har sett nærare på framlegget "
            "og meiner at det er godt grunngjeve og lett å gjennomføre.",
            "Me vil gjerne invitere styret i mållaget til eit møte i juni for å leggje fram planane og "
            "høyre kva de meiner. Gje oss melding om kva dag som høver best for dykk.",
        ),
        "Med venleg helsing",
        """
Sindre Aasen
ordførar
""",
        "2023-05-12",
        "Sindre Aasen",
        code="nn",
    ),
    WorldCase(
        "is",
        """
Reykjavíkurborg
Tjarnargötu 11
101 Reykjavík

Reykjavík, 12. maí 2023

Hr. Jón Guðmundsson
formaður Íbúasamtaka Vesturbæjar
""",
        "Kæri Jón,",
        (
            "Þakka þér fyrir bréfið frá 3. apríl um lýsinguna í garðinum við Hagatorg. Umhverfis- og "
            "skipulagssvið hefur skoðað tillöguna vandlega og telur hana vel rökstudda.",
            "Við viljum gjarnan bjóða stjórn samtakanna á fund í júní til að kynna áætlanirnar og heyra "
            "ykkar sjónarmið. Vinsamlegast láttu okkur vita hvaða dagur hentar best.",
        ),
        "Með kærri kveðju,",
        """
Guðrún Sigurðardóttir
sviðsstjóri umhverfis- og skipulagssviðs
""",
        "2023-05-12",
        "Guðrún Sigurðardóttir",
    ),
    WorldCase(
        "sq",
        """
Bashkia Tiranë
Sheshi Skënderbej, Nr. 2
1001 Tiranë

Tiranë, më 12 maj 2023

Z. Arben Hoxha
Kryetar i Shoqatës së Banorëve të Lagjes Nr. 5
""",
        "I nderuar zoti Hoxha,",
        (
            "Ju falënderojmë për letrën tuaj të 3 prillit lidhur me ndriçimin e rrugëve në lagjen tuaj. "
            "Drejtoria e Planifikimit e ka shqyrtuar me kujdes propozimin tuaj.",
            "Dëshirojmë t'ju ftojmë në një takim në muajin qershor për t'ju paraqitur projektin dhe për "
            "të dëgjuar sugjerimet tuaja. Ju lutemi të na njoftoni se cila ditë ju përshtatet.",
        ),
        "Me respekt,",
        """
Elira Shehu
Drejtore e Planifikimit Urban
""",
        "2023-05-12",
        "Elira Shehu",
    ),
    WorldCase(
        "bs",
        """
Općina Centar Sarajevo
Mis Irbina 1
71000 Sarajevo

Sarajevo, 12. maja 2023. godine

Gospodin Adnan Hadžić
predsjednik Udruženja građana „Stari grad“
""",
        "Poštovani gospodine Hadžiću,",
        (
            "zahvaljujemo Vam na pismu od 3. aprila u kojem predlažete uređenje parka u Vašem naselju. "
            "Služba za urbanizam je pažljivo razmotrila prijedlog i ocijenila ga korisnim.",
            "Željeli bismo pozvati predstavnike Udruženja na sastanak u junu kako bismo predstavili "
            "projekat i čuli Vaše prijedloge. Molimo Vas da nas obavijestite koji dan Vam odgovara.",
        ),
        "S poštovanjem,",
        """
Amra Begić
šefica Službe za urbanizam
""",
        "2023-05-12",
        "Amra Begić",
    ),
    WorldCase(
        "lb",
        """
Gemeng Dikrech
Place Guillaume, 5
L-9237 Dikrech

Dikrech, den 12. Mee 2023

Här Paul Schmit
President vum Syndicat d'Initiative
""",
        "Léiwen Här Schmit,",
        (
            "Merci fir Äre Bréif vum 3. Abrëll iwwert d'Beliichtung am Park bei der Sauer. De "
            "Schäfferot huet Är Propos genee gekuckt a fënnt se ganz gutt.",
            "Mir géifen Iech gär am Juni op eng Reunioun invitéieren, fir Iech de Projet virzestellen "
            "an Är Iddien ze héieren. Sot eis w.e.g., wéi een Dag Iech am beschte passt.",
        ),
        "Mat beschte Gréiss,",
        """
Claudine Weber
Buergermeeschtesch
""",
        "2023-05-12",
        "Claudine Weber",
    ),
]

CASES_BY_KEY = {c.key: c for c in CASES}
#: the languages of these letters, as ISO 639-1 codes
WORLD_LANGUAGES = tuple(dict.fromkeys(c.lang for c in CASES))
