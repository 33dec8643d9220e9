"""Load the four instruments, version 1.

Danish is the original of WHO-5 (Psychiatric Centre North Zealand) and the wording of the Danish
National Health Profile ("Hvordan har du det?") for UCLA-3, self-rated health and "alone though
you would rather be with others". English: the WHO-5's official English text, UCLA-3 as
published by Hughes et al. (2004), self-rated health as SF-36 item 1. Every other text here is
marked not official: replace it by the validated translation as a new version of the instrument
(answers already given keep version 1).
"""

from django.db import migrations

WHO5_OPTIONS = {
    "da": ["Hele tiden", "Det meste af tiden", "Lidt mere end halvdelen af tiden", "Lidt mindre end halvdelen af tiden",
           "Lidt af tiden", "På intet tidspunkt"],
    "en": ["All of the time", "Most of the time", "More than half of the time", "Less than half of the time",
           "Some of the time", "At no time"],
    "ar": ["طوال الوقت", "معظم الوقت", "أكثر من نصف الوقت", "أقل من نصف الوقت", "بعض الوقت", "لم يحدث أبدًا"],
    "tr": ["Her zaman", "Çoğu zaman", "Zamanın yarısından fazlası", "Zamanın yarısından azı", "Ara sıra",
           "Hiçbir zaman"],
    "so": ["Waqtiga oo dhan", "Inta badan waqtiga", "In ka badan kala badh waqtiga", "In ka yar kala badh waqtiga",
           "Mararka qaar", "Marna"],
    "ur": ["ہر وقت", "زیادہ تر وقت", "آدھے سے زیادہ وقت", "آدھے سے کم وقت", "کبھی کبھی", "کبھی نہیں"],
    "uk": ["Весь час", "Більшу частину часу", "Більше половини часу", "Менше половини часу", "Іноді", "Ніколи"],
    "pl": ["Cały czas", "Przez większość czasu", "Przez ponad połowę czasu", "Przez mniej niż połowę czasu",
           "Czasami", "Nigdy"],
}
WHO5 = {
    "da": ("Følgende fem udsagn handler om, hvordan du har haft det de sidste 2 uger. Vælg for hvert udsagn det svar, "
           "der passer bedst til, hvordan du har følt dig.",
           ["I de sidste 2 uger har jeg været glad og i godt humør",
            "I de sidste 2 uger har jeg følt mig rolig og afslappet",
            "I de sidste 2 uger har jeg følt mig aktiv og energisk",
            "I de sidste 2 uger er jeg vågnet frisk og udhvilet",
            "I de sidste 2 uger har min dagligdag været fyldt med ting der interesserer mig"]),
    "en": ("Please indicate for each of the five statements which is closest to how you have been feeling over the "
           "last two weeks.",
           ["Over the last two weeks I have felt cheerful and in good spirits",
            "Over the last two weeks I have felt calm and relaxed",
            "Over the last two weeks I have felt active and vigorous",
            "Over the last two weeks I woke up feeling fresh and rested",
            "Over the last two weeks my daily life has been filled with things that interest me"]),
    "ar": ("تتعلق العبارات الخمس التالية بشعورك خلال الأسبوعين الماضيين. اختر لكل عبارة الإجابة الأقرب إلى شعورك.",
           ["خلال الأسبوعين الماضيين كنت مبتهجًا وفي مزاج جيد",
            "خلال الأسبوعين الماضيين شعرت بالهدوء والاسترخاء",
            "خلال الأسبوعين الماضيين شعرت بالنشاط والحيوية",
            "خلال الأسبوعين الماضيين استيقظت وأنا أشعر بالانتعاش والراحة",
            "خلال الأسبوعين الماضيين كانت حياتي اليومية مليئة بأشياء تهمني"]),
    "tr": ("Aşağıdaki beş ifade son 2 haftada kendinizi nasıl hissettiğinizle ilgilidir. Her ifade için size en uygun "
           "cevabı seçin.",
           ["Son 2 haftada neşeli ve keyifliydim",
            "Son 2 haftada kendimi sakin ve rahat hissettim",
            "Son 2 haftada kendimi aktif ve enerjik hissettim",
            "Son 2 haftada dinç ve dinlenmiş olarak uyandım",
            "Son 2 haftada günlük hayatım beni ilgilendiren şeylerle doluydu"]),
    "so": ("Shanta weedood ee soo socda waxay ku saabsan yihiin sidaad dareemaysay 2-dii toddobaad ee la soo dhaafay. "
           "Weedh kasta u dooro jawaabta ugu habboon.",
           ["2-dii toddobaad ee la soo dhaafay waan faraxsanaa oo niyad wanaagsanaa",
            "2-dii toddobaad ee la soo dhaafay waxaan dareemayay degganaan iyo nasasho",
            "2-dii toddobaad ee la soo dhaafay waxaan dareemayay firfircooni iyo tamar",
            "2-dii toddobaad ee la soo dhaafay waxaan ku soo toosay anigoo nasasho qaatay oo firfircoon",
            "2-dii toddobaad ee la soo dhaafay noloshayda maalinlaha ah waxaa ka buuxay waxyaabo i xiiseeya"]),
    "ur": ("درج ذیل پانچ بیانات اس بارے میں ہیں کہ آپ نے پچھلے 2 ہفتوں میں کیسا محسوس کیا۔ ہر بیان کے لیے وہ جواب چنیں جو "
           "آپ کے احساس کے سب سے قریب ہو۔",
           ["پچھلے 2 ہفتوں میں میں خوش اور اچھے موڈ میں رہا/رہی",
            "پچھلے 2 ہفتوں میں میں نے سکون اور آرام محسوس کیا",
            "پچھلے 2 ہفتوں میں میں نے خود کو متحرک اور توانا محسوس کیا",
            "پچھلے 2 ہفتوں میں میں تازہ دم اور آرام یافتہ جاگا/جاگی",
            "پچھلے 2 ہفتوں میں میری روزمرہ زندگی ان چیزوں سے بھری رہی جن میں مجھے دلچسپی ہے"]),
    "uk": ("Наступні п'ять тверджень стосуються того, як ви почувалися протягом останніх 2 тижнів. Для кожного "
           "твердження виберіть відповідь, яка найкраще описує ваше самопочуття.",
           ["Протягом останніх 2 тижнів я був(ла) веселим(ою) і в гарному настрої",
            "Протягом останніх 2 тижнів я почувався(лася) спокійно і розслаблено",
            "Протягом останніх 2 тижнів я почувався(лася) активним(ою) і енергійним(ою)",
            "Протягом останніх 2 тижнів я прокидався(лася) свіжим(ою) і відпочилим(ою)",
            "Протягом останніх 2 тижнів моє повсякденне життя було сповнене речей, які мене цікавлять"]),
    "pl": ("Poniższe pięć stwierdzeń dotyczy tego, jak się czułeś(aś) w ciągu ostatnich 2 tygodni. Przy każdym wybierz "
           "odpowiedź, która najlepiej to opisuje.",
           ["W ciągu ostatnich 2 tygodni byłem(am) radosny(a) i w dobrym nastroju",
            "W ciągu ostatnich 2 tygodni czułem(am) się spokojny(a) i zrelaksowany(a)",
            "W ciągu ostatnich 2 tygodni czułem(am) się aktywny(a) i pełen(na) energii",
            "W ciągu ostatnich 2 tygodni budziłem(am) się świeży(a) i wypoczęty(a)",
            "W ciągu ostatnich 2 tygodni moje codzienne życie było wypełnione rzeczami, które mnie interesują"]),
}

UCLA3 = {
    "da": ("De næste spørgsmål handler om, hvor ofte du føler dig alene.",
           ["Hvor ofte føler du, at du savner nogen at være sammen med?", "Hvor ofte føler du dig holdt udenfor?",
            "Hvor ofte føler du dig isoleret fra andre?"],
           ["Ofte", "En gang imellem", "Sjældent eller aldrig"]),
    "en": ("The next questions are about how often you feel alone.",
           ["How often do you feel that you lack companionship?", "How often do you feel left out?",
            "How often do you feel isolated from others?"],
           ["Often", "Some of the time", "Hardly ever"]),
    "ar": ("الأسئلة التالية عن عدد المرات التي تشعر فيها بالوحدة.",
           ["كم مرة تشعر أنك تفتقد من تكون معه؟", "كم مرة تشعر بأنك مستبعد؟", "كم مرة تشعر بالعزلة عن الآخرين؟"],
           ["غالبًا", "أحيانًا", "نادرًا أو أبدًا"]),
    "tr": ("Sonraki sorular ne sıklıkla yalnız hissettiğinizle ilgilidir.",
           ["Ne sıklıkla birlikte olacak birinin eksikliğini hissediyorsunuz?", "Ne sıklıkla dışlanmış hissediyorsunuz?",
            "Ne sıklıkla kendinizi başkalarından yalıtılmış hissediyorsunuz?"],
           ["Sık sık", "Bazen", "Nadiren veya hiçbir zaman"]),
    "so": ("Su'aalaha soo socda waxay ku saabsan yihiin inta jeer ee aad dareento kelinimo.",
           ["Intee jeer ayaad dareentaa inaad u baahan tahay cid aad la joogto?",
            "Intee jeer ayaad dareentaa in lagaa reebay?", "Intee jeer ayaad dareentaa inaad ka go'doonsan tahay dadka kale?"],
           ["Badanaa", "Mararka qaar", "Dhif ama marna"]),
    "ur": ("اگلے سوالات اس بارے میں ہیں کہ آپ کتنی بار تنہائی محسوس کرتے ہیں۔",
           ["آپ کتنی بار محسوس کرتے ہیں کہ آپ کے پاس ساتھ رہنے کو کوئی نہیں؟", "آپ کتنی بار خود کو الگ چھوڑا ہوا محسوس کرتے ہیں؟",
            "آپ کتنی بار خود کو دوسروں سے کٹا ہوا محسوس کرتے ہیں؟"],
           ["اکثر", "کبھی کبھی", "شاذ و نادر یا کبھی نہیں"]),
    "uk": ("Наступні запитання стосуються того, як часто ви почуваєтеся самотньо.",
           ["Як часто ви відчуваєте, що вам бракує товариства?", "Як часто ви відчуваєте себе виключеним(ою)?",
            "Як часто ви відчуваєте себе ізольованим(ою) від інших?"],
           ["Часто", "Іноді", "Майже ніколи"]),
    "pl": ("Następne pytania dotyczą tego, jak często czujesz się samotny(a).",
           ["Jak często czujesz, że brakuje ci towarzystwa?", "Jak często czujesz się pominięty(a)?",
            "Jak często czujesz się odizolowany(a) od innych?"],
           ["Często", "Czasami", "Rzadko lub nigdy"]),
}

SRH = {
    "da": ("Hvordan vurderer du alt i alt dit nuværende helbred?",
           ["Fremragende", "Vældig godt", "Godt", "Mindre godt", "Dårligt"]),
    "en": ("In general, would you say your health is:", ["Excellent", "Very good", "Good", "Fair", "Poor"]),
    "ar": ("كيف تقيّم صحتك بشكل عام؟", ["ممتازة", "جيدة جدًا", "جيدة", "أقل من جيدة", "سيئة"]),
    "tr": ("Genel olarak sağlığınızı nasıl değerlendirirsiniz?", ["Mükemmel", "Çok iyi", "İyi", "Pek iyi değil", "Kötü"]),
    "so": ("Guud ahaan, sidee u qiimeysaa caafimaadkaaga hadda?",
           ["Heer sare", "Aad u wanaagsan", "Wanaagsan", "Aan sidaas u wanaagsanayn", "Xun"]),
    "ur": ("مجموعی طور پر آپ اپنی موجودہ صحت کو کیسا سمجھتے ہیں؟", ["بہترین", "بہت اچھی", "اچھی", "کم اچھی", "خراب"]),
    "uk": ("Як би ви загалом оцінили своє теперішнє здоров'я?", ["Відмінне", "Дуже добре", "Добре", "Не дуже добре", "Погане"]),
    "pl": ("Jak ogólnie oceniasz swoje obecne zdrowie?", ["Doskonałe", "Bardzo dobre", "Dobre", "Niezbyt dobre", "Złe"]),
}

ALONE = {
    "da": ("Hænder det, at du er alene, selvom du har mest lyst til at være sammen med andre?",
           ["Ja, ofte", "Ja, en gang imellem", "Ja, men sjældent", "Nej"]),
    "en": ("Does it happen that you are alone although you would rather be with others?",
           ["Yes, often", "Yes, sometimes", "Yes, but rarely", "No"]),
    "ar": ("هل يحدث أن تكون وحدك رغم أنك تفضل أن تكون مع الآخرين؟", ["نعم، غالبًا", "نعم، أحيانًا", "نعم، لكن نادرًا", "لا"]),
    "tr": ("Başkalarıyla birlikte olmayı tercih etmenize rağmen yalnız kaldığınız oluyor mu?",
           ["Evet, sık sık", "Evet, bazen", "Evet, ama nadiren", "Hayır"]),
    "so": ("Ma dhacdaa inaad kelidaa tahay inkastoo aad jeclaan lahayd inaad dad kale la joogto?",
           ["Haa, badanaa", "Haa, mararka qaar", "Haa, laakiin dhif", "Maya"]),
    "ur": ("کیا ایسا ہوتا ہے کہ آپ اکیلے ہوں حالانکہ آپ دوسروں کے ساتھ رہنا چاہتے ہوں؟",
           ["ہاں، اکثر", "ہاں، کبھی کبھی", "ہاں، لیکن شاذ و نادر", "نہیں"]),
    "uk": ("Чи буває, що ви на самоті, хоча найбільше хотіли б бути з іншими?", ["Так, часто", "Так, іноді", "Так, але рідко", "Ні"]),
    "pl": ("Czy zdarza się, że jesteś sam(a), choć najbardziej chcesz być z innymi?",
           ["Tak, często", "Tak, czasami", "Tak, ale rzadko", "Nie"]),
}

# Which texts are the original or a validated translation.
OFFICIAL = {"who5": {"da", "en"}, "ucla3": {"da", "en"}, "srh": {"da", "en"}, "alone": {"da"}}


def instruments():
    """(code, item_count, min, max, source, texts) of version 1 of each instrument."""
    who5 = {lang: {"intro": intro, "items": items,
                   # Shown from "all of the time" (5) to "at no time" (0).
                   "options": [[5 - i, label] for i, label in enumerate(WHO5_OPTIONS[lang])]}
            for lang, (intro, items) in WHO5.items()}
    ucla3 = {lang: {"intro": intro, "items": items, "options": [[3 - i, label] for i, label in enumerate(options)]}
             for lang, (intro, items, options) in UCLA3.items()}
    srh = {lang: {"intro": "", "items": [question], "options": [[i + 1, label] for i, label in enumerate(options)]}
           for lang, (question, options) in SRH.items()}
    alone = {lang: {"intro": "", "items": [question], "options": [[i + 1, label] for i, label in enumerate(options)]}
             for lang, (question, options) in ALONE.items()}
    found = [
        ("who5", 5, 0, 5, "WHO-5, Psykiatrisk Center Nordsjælland (Danish original)", who5),
        ("ucla3", 3, 1, 3, "Three-Item Loneliness Scale (Hughes et al. 2004), Den Nationale Sundhedsprofil", ucla3),
        ("srh", 1, 1, 5, "Self-rated health, Den Nationale Sundhedsprofil", srh),
        ("alone", 1, 1, 4, "Den Nationale Sundhedsprofil", alone),
    ]
    for code, *_rest, texts in found:
        for lang, entry in texts.items():
            entry["official"] = lang in OFFICIAL[code]
    return found


def load(apps, schema_editor):
    Instrument = apps.get_model("outcomes", "Instrument")
    for code, item_count, low, high, source, texts in instruments():
        Instrument.objects.update_or_create(
            code=code, version=1,
            defaults={"item_count": item_count, "min_value": low, "max_value": high, "source": source,
                      "texts": texts, "is_current": True},
        )


def unload(apps, schema_editor):
    apps.get_model("outcomes", "Instrument").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
